from django.contrib.contenttypes.models import ContentType

from .models import AccessLog


def log_access(
    request,
    obj,
    *,
    subject_reference: str,
    purpose: str,
    municipality=None,
    activity: str = AccessLog.Activity.VIEW,
) -> AccessLog:
    """Record that the user of ``request`` read ``obj`` (personal data of ``subject_reference``).

    Call it from every view or API endpoint that shows a resident's data. ``subject_reference`` is
    an internal, pseudonymous id; passing a BSN would put it in the log, which must never happen.
    """
    user = request.user
    return AccessLog.objects.create(
        actor=user if user.is_authenticated else None,
        actor_display=str(user) if user.is_authenticated else "anoniem",
        activity=activity,
        purpose=purpose,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        subject_reference=subject_reference,
        municipality=municipality,
        request_path=request.get_full_path()[:500],
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
