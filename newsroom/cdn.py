"""Purging a CDN by the same surrogate keys the page cache purges (see newsroom.pagecache).

Reader pages go out with `Surrogate-Key` (Fastly) and `Cache-Tag` (Cloudflare) headers. When
`PAGE_CACHE_CDN` names a provider, every purge of the page cache is repeated at the CDN by a
background task (`newsroom.tasks.purge_cdn`), so an editor's save never waits on a CDN's API
and a CDN outage never fails it: the task retries, then fails loudly in the task log while
the CDN's own `s-maxage` bounds how long it serves the older page.

`PAGE_CACHE_CDN` is `{"PROVIDER": "fastly", "SERVICE_ID": ..., "API_TOKEN": ...}` or
`{"PROVIDER": "cloudflare", "ZONE_ID": ..., "API_TOKEN": ...}`; `API_URL` overrides the
provider's address (a test double, a proxy)."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# Seconds to wait before each new attempt after a failed one.
RETRY_DELAYS = (1, 4)


class CdnPurgeError(Exception):
    pass


class Purger(Protocol):
    def requests(self, keys: Sequence[str]) -> list[urllib.request.Request]: ...


def _chunks(keys: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    return (keys[i : i + size] for i in range(0, len(keys), size))


@dataclass(frozen=True)
class FastlyPurger:
    """Fastly's purge by surrogate key: the keys go in one header, up to 256 per call."""

    service_id: str
    api_token: str
    api_url: str = "https://api.fastly.com"

    def requests(self, keys: Sequence[str]) -> list[urllib.request.Request]:
        return [
            urllib.request.Request(  # noqa: S310 - an https address from the settings
                f"{self.api_url}/service/{self.service_id}/purge",
                method="POST",
                headers={
                    "Fastly-Key": self.api_token,
                    "Surrogate-Key": " ".join(chunk),
                    "Accept": "application/json",
                },
            )
            for chunk in _chunks(keys, 256)
        ]


@dataclass(frozen=True)
class CloudflarePurger:
    """Cloudflare's purge by cache tag: a JSON list of tags, up to 30 per call."""

    zone_id: str
    api_token: str
    api_url: str = "https://api.cloudflare.com/client/v4"

    def requests(self, keys: Sequence[str]) -> list[urllib.request.Request]:
        return [
            urllib.request.Request(  # noqa: S310 - an https address from the settings
                f"{self.api_url}/zones/{self.zone_id}/purge_cache",
                method="POST",
                data=json.dumps({"tags": list(chunk)}).encode(),
                headers={
                    "Authorization": f"Bearer {self.api_token}",
                    "Content-Type": "application/json",
                },
            )
            for chunk in _chunks(keys, 30)
        ]


def purger_from(config: dict[str, Any]) -> Purger | None:
    """The purger `PAGE_CACHE_CDN` describes, or None when no CDN is configured."""
    provider = config.get("PROVIDER", "")
    extra = {"api_url": config["API_URL"]} if config.get("API_URL") else {}
    needed = {"fastly": ("SERVICE_ID", "API_TOKEN"), "cloudflare": ("ZONE_ID", "API_TOKEN")}
    if not provider:
        return None
    if provider not in needed:
        raise ImproperlyConfigured(f"CDN provider must be 'fastly' or 'cloudflare': {provider!r}")
    missing = [name for name in needed[provider] if not config.get(name)]
    if missing:
        raise ImproperlyConfigured(f"The {provider} CDN needs {', '.join(missing)}.")
    if provider == "fastly":
        return FastlyPurger(config["SERVICE_ID"], config["API_TOKEN"], **extra)
    return CloudflarePurger(config["ZONE_ID"], config["API_TOKEN"], **extra)


def configured_purger() -> Purger | None:
    return purger_from(settings.PAGE_CACHE_CDN)


def check_cdn_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A half-configured CDN is reported when the site starts, not at the first purge."""
    try:
        configured_purger()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), hint="See CDN_* in docs/deploy.md.", id="newsroom.E001")]
    return []


def send(request: urllib.request.Request) -> None:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        raise CdnPurgeError(f"{request.full_url} answered {error.code}") from error
    except OSError as error:  # refused, unreachable, timed out
        raise CdnPurgeError(f"{request.full_url} did not answer: {error}") from error


def purge(keys: Sequence[str], *, sleep=time.sleep) -> None:
    """Purge `keys` at the configured CDN, retrying each call after RETRY_DELAYS; raises
    CdnPurgeError when a call still fails."""
    purger = configured_purger()
    if purger is None or not keys:
        return
    for request in purger.requests(sorted(keys)):
        for delay in (*RETRY_DELAYS, None):
            try:
                send(request)
                break
            except CdnPurgeError:
                if delay is None:
                    raise
                logger.warning("CDN purge failed, retrying", extra={"in_seconds": delay})
                sleep(delay)
    logger.info("CDN purge", extra={"keys": sorted(keys)})
