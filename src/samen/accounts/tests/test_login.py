"""Logging in: e-mail + password, a second factor for staff, lockout after five failures."""

import pytest
from django.test import override_settings
from django_otp.oath import totp

from samen.accounts.roles import Role
from samen.conftest import login_verified

from .factories import TOTPDeviceFactory

PASSWORD = "correct horse battery"
LOGIN = "/account/login/"


def post_credentials(client, email, password=PASSWORD):
    return client.post(
        LOGIN,
        {"login_view-current_step": "auth", "auth-username": email, "auth-password": password},
    )


def test_login_page_is_dutch(client, db):
    content = client.get(LOGIN).content.decode()
    assert 'lang="nl"' in content and "E-mailadres" in content and "Inloggen" in content


def test_partner_logs_in_with_email_and_password(client, make_user, seed_region):
    user = make_user(Role.PARTNER, seed_region)
    response = post_credentials(client, user.email.upper())
    assert response.status_code == 302
    assert client.get("/").context["user"] == user


def test_staff_with_authenticator_must_give_a_token(client, make_user, seed_region):
    user = make_user(Role.CONTROLLER, seed_region)
    device = TOTPDeviceFactory(user=user)
    response = post_credentials(client, user.email)
    assert response.status_code == 200 and "token-otp_token" in response.content.decode()
    token = f"{totp(device.bin_key):06d}"
    response = client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": token})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_staff_without_second_factor_is_sent_to_set_one_up(client, make_user, seed_region):
    user = make_user(Role.CONTROLLER, seed_region)
    post_credentials(client, user.email)
    response = client.get("/regio/")
    assert response.status_code == 302 and response["Location"] == "/account/two_factor/setup/"
    api = client.get("/api/v1/regions/")
    assert api.status_code == 403 and "Tweestapsverificatie" in api.json()["detail"]


def test_non_staff_roles_need_no_second_factor(client, make_user, seed_region):
    user = make_user(Role.COUNCIL_MEMBER, seed_region)
    post_credentials(client, user.email)
    assert client.get("/regio/").status_code == 200


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_demo_setting_lets_staff_in_without_second_factor(client, make_user, seed_region):
    user = make_user(Role.CONTROLLER, seed_region)
    post_credentials(client, user.email)
    assert client.get("/regio/").status_code == 200


def test_five_failed_logins_lock_the_account(client, make_user, seed_region):
    user = make_user(Role.PARTNER, seed_region)
    for _ in range(4):
        response = post_credentials(client, user.email, "wrong password")
        assert response.status_code == 200
    response = post_credentials(client, user.email, "wrong password")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "over 30 minuten opnieuw" in response.content.decode()
    # Even the right password does not open a locked account.
    response = post_credentials(client, user.email)
    assert response.status_code == 429


def test_lockout_is_per_account(client, make_user, seed_region):
    victim = make_user(Role.PARTNER, seed_region)
    colleague = make_user(Role.PARTNER, seed_region)
    for _ in range(5):
        post_credentials(client, victim.email, "wrong password")
    assert post_credentials(client, colleague.email).status_code == 302


def test_wrong_password_message_does_not_reveal_whether_the_account_exists(
    client, make_user, seed_region
):
    user = make_user(Role.PARTNER, seed_region)
    known = post_credentials(client, user.email, "wrong").content.decode()
    unknown = post_credentials(client, "nobody@example.nl", "wrong").content.decode()
    assert "correct" in known.lower() or "juiste" in known.lower()
    assert known.count("utrecht-alert--error") == unknown.count("utrecht-alert--error") == 1


def test_admin_site_sends_anonymous_users_to_the_two_factor_login(client, db):
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/login/")


def test_logout(client, make_user, seed_region):
    user = make_user(Role.CONTROLLER, seed_region)
    login_verified(client, user)
    client.post("/logout/")
    assert client.get("/regio/").status_code == 302


@pytest.mark.parametrize(
    "role, allowed", [(Role.ADMIN, True), (Role.CONTROLLER, False), (Role.PARTNER, False)]
)
def test_admin_site_is_for_functional_administrators(client, make_user, seed_region, role, allowed):
    user = make_user(role, seed_region)
    login_verified(client, user)
    response = client.get("/beheer/", follow=True)
    assert response.status_code == (200 if allowed else 403)


def test_admin_sees_only_own_regions_in_admin(client, make_user, seed_region, other_region):
    user = make_user(Role.ADMIN, seed_region)
    login_verified(client, user)
    content = client.get("/beheer/regions/municipality/").content.decode()
    assert "Weert" in content and "GM1509" not in content
    other = other_region.municipalities.get()
    assert client.get(f"/beheer/regions/municipality/{other.pk}/change/").status_code in (
        302,
        403,
        404,
    )


def test_staff_member_sets_up_an_authenticator_and_gets_in(client, make_user, seed_region):
    from base64 import b32decode

    user = make_user(Role.CASE_WORKER, seed_region.municipalities.first())
    post_credentials(client, user.email)
    setup = "/account/two_factor/setup/"
    assert client.get(setup).status_code == 200
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    assert "generator-token" in response.content.decode()
    secret = b32decode(client.session["django_two_factor-qr_secret_key"])
    assert client.get("/account/two_factor/qrcode/").status_code == 200
    response = client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": f"{totp(secret):06d}"}
    )
    assert response.status_code == 302
    assert user.totpdevice_set.filter(confirmed=True).exists()
    assert client.get("/regio/").status_code == 200


def test_wrong_authenticator_code_is_refused(client, make_user, seed_region):
    user = make_user(Role.CONTROLLER, seed_region)
    device = TOTPDeviceFactory(user=user)
    post_credentials(client, user.email)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": wrong})
    assert response.status_code == 200
    assert client.get("/regio/").status_code == 302
