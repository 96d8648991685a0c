"""How views hand a service's ValidationError to the person: beside the field, or as a
message when the action was a button."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def galat_ke_form(form, e: ValidationError):
    """Put a service's ValidationError beside the field it names, or on top of the form."""
    if hasattr(e, "error_dict"):
        for field, errors in e.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, e)


def pesan_galat(e: ValidationError) -> str:
    return " ".join(e.messages)


def jalankan(request, layanan, pesan_ok, **kwargs) -> bool:
    """Run a service for a button press; say how it went. True when it succeeded."""
    try:
        layanan(by=request.user, **kwargs)
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
        return False
    messages.success(request, pesan_ok)
    return True
