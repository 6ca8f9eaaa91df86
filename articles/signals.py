"""Signals other apps may listen to. `articles` never imports its listeners (imports point
one way: newsroom → articles), so page-cache purges and similar side effects hang here.

`story_changed` is sent after the transaction that changed a story commits, with
`article` (the Article) and `change` (a short verb: "published", "unpublished", "edited",
"corrected", "scheduled", "deleted", and the newsroom-internal "submitted" and
"changes_requested", which change nothing readers see). Sent by `articles.services`."""

from django.dispatch import Signal

story_changed = Signal()
