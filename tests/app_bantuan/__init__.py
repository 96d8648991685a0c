"""Tests of the `bantuan` app (helpdesk, FAQ, contact). The folder is not tests/bantuan/
because tests/bantuan.py is the helpers module every test folder imports (a package of
that name would shadow it)."""
