from .routes import API_ANON, everyone, no_kwargs, not_a_server_error

url_kwargs = no_kwargs

EXPECTED = {
    "core:home": everyone(),
    "api-root": everyone(anonymous=API_ANON),
    "api-me": everyone(anonymous=API_ANON),
    "api-schema": everyone(anonymous=200),
    "api-docs": everyone(anonymous=200),
    "logout": lambda role: 405,  # logging out is a POST
    "set_language": not_a_server_error,
    "two_factor:login": not_a_server_error,
    "two_factor:setup": not_a_server_error,
    "two_factor:qr": not_a_server_error,
    "two_factor:setup_complete": not_a_server_error,
    "two_factor:backup_tokens": not_a_server_error,
    "two_factor:profile": not_a_server_error,
    "two_factor:disable": not_a_server_error,
}
