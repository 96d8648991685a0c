from django.contrib.auth.backends import ModelBackend
from django_scopes import scopes_disabled


class PegawaiBackend(ModelBackend):
    """Login by NIP. A NIP is unique across instansi, so the lookup is global; the
    session user is loaded before any tenant scope exists, hence scopes_disabled."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        with scopes_disabled():
            user = (
                get_user_model()
                # The unit one leads comes in the same query: the menu shows the bawahan
                # pages only to a pimpinan (ekinerja.context_processors).
                ._default_manager.select_related("instansi", "admin_opd", "unit_dipimpin")
                .filter(pk=user_id)
                .first()
            )
        return user if user and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        # A deactivated tenant closes for all its pegawai at once.
        if user.instansi_id is not None and not user.instansi.aktif:
            return False
        return super().user_can_authenticate(user)
