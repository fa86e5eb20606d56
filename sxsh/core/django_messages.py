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

# Django's admin translates "History" as "Bản ghi nhớ" (a memorandum); the admin's catalogue
# comes before the contexts' in the search order, so the word is corrected here for all.
HISTORY = gettext_noop("History")

# django-auditlog has no Vietnamese catalogue: its admin pages (the audit entries seen
# from the administration) speak English without these.
AUDITLOG = [
    gettext_noop("Audit log"), gettext_noop("Audit log: %s"), gettext_noop("Changes"),
    gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Correlation ID"), gettext_noop("Created"), gettext_noop("Resource"),
    gettext_noop("Resource Type"), gettext_noop("User"), gettext_noop("View"),
    gettext_noop("access"), gettext_noop("action"), gettext_noop("actor email"),
    gettext_noop("actor"), gettext_noop("additional data"), gettext_noop("change message"),
    gettext_noop("content type"), gettext_noop("create"), gettext_noop("delete"),
    gettext_noop("log entries"), gettext_noop("log entry"), gettext_noop("object id"),
    gettext_noop("object pk"), gettext_noop("object representation"),
    gettext_noop("remote address"), gettext_noop("remote port"), gettext_noop("timestamp"),
    gettext_noop("update"), gettext_noop("Field"), gettext_noop("From"), gettext_noop("To"),
    gettext_noop("Relationship"), gettext_noop("Objects"), gettext_noop("No field changes"),
    gettext_noop("No log entries found."), gettext_noop("system"), gettext_noop("Home"),
]
