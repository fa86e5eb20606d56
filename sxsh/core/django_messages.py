"""Django's own messages whose Vietnamese wording the department corrected or supplied.

Listed here so that ``makemessages`` keeps them in the project's catalogue, which takes
precedence over Django's (``LOCALE_PATHS``): some are clumsy in Django's Vietnamese
catalogue, some (newer in Django) are missing from it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

CORRECTED = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    # The administrator's user pages.
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. "
        "If disabled, they may still be able to authenticate using other backends, "
        "such as Single Sign-On or LDAP."
    ),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
]
