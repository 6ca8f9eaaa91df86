def cache_state(client, url):
    """What the page cache did for a GET of `url`: "hit", "miss", "bypass" or None."""
    return client.get(url).headers.get("X-Page-Cache")
