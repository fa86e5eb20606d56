"""Django's own messages whose Vietnamese wording the department corrected.

Listed here so that ``makemessages`` keeps them in the project's catalogue, which takes
precedence over Django's (``LOCALE_PATHS``).
"""

from django.utils.translation import gettext_noop

CORRECTED = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
]
