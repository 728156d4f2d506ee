def username_of_attempt(request, credentials=None) -> str:
    """The e-mail address a login attempt is for, as axes counts failures per account.

    ``authenticate()`` passes it as ``username``; the two-step login form posts it as
    ``auth-username``. Lower-cased, so that "Piet@..." and "piet@..." count as one account.
    """
    if credentials and credentials.get("username"):
        return str(credentials["username"]).strip().lower()
    data = getattr(request, "POST", {}) or {}
    return str(data.get("auth-username", data.get("username", ""))).strip().lower()
