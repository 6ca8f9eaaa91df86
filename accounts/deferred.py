"""Passkey code is loaded when a passkey is first used, not when the URLconf is.

allauth's MFA URLs import its WebAuthn module, and that module imports fido2 and the Rust core
of `cryptography`: about 11 MiB in every web process. Only staff use passkeys, on a few
requests a day. So the one module is registered with importlib's `LazyLoader`. Every name and
URL stays where it was. The module's code, and fido2 with it, runs the first time one of its
names is read, in whichever process needs it."""

from __future__ import annotations

import importlib.util
import sys

PASSKEY_MODULE = "allauth.mfa.webauthn.internal.auth"


def defer_module(name: str) -> None:
    """Register module `name` so that its code runs on the first read of one of its names.
    Does nothing if the module is already loaded."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent packages, not the module
    if spec is None or spec.loader is None:
        raise ImportError(f"No module named {name!r}", name=name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    # `from package import module` must find it as the package's attribute. Otherwise the
    # import system reads the module's `__spec__`, and that first read runs its code.
    package, _, child = name.rpartition(".")
    setattr(sys.modules[package], child, module)
