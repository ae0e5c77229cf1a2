"""``burdenshare serve``: the REST API and the web pages (uvicorn)."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, max=64, help="Worker processes (one per core)."
    ),
    proxy_headers: bool = typer.Option(
        False, "--proxy-headers", help="Trust X-Forwarded-* from a reverse proxy on this host."
    ),
) -> None:
    """Serve the REST API (/v1, docs at /docs) and the pages (/) with the shipped data."""
    import uvicorn

    typer.echo(f"burdenshare: serving on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops")
    uvicorn.run(
        "burdenshare.service.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips="127.0.0.1" if proxy_headers else None,
        log_level="warning",
    )
