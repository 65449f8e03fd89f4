"""Counters of one relay process, rendered in the Prometheus text exposition format.

Hand-written on purpose: a dozen counters do not justify a dependency. Every value is per
process; with the Redis backend, scrape every process and sum.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(slots=True)
class Metrics:
    connections: int = 0  # gauge: open WebSocket connections
    connections_total: int = 0
    pushes_total: int = 0
    checkpoints_total: int = 0
    ephemeral_total: int = 0
    deliveries_total: int = 0  # msg frames sent to clients (replay and live)
    bytes_in_total: int = 0  # envelope bytes received
    bytes_out_total: int = 0  # envelope bytes sent in msg/checkpoint/ephemeral frames
    docs_created_total: int = 0
    docs_deleted_total: int = 0
    docs_purged_total: int = 0
    rejections: Counter[str] = field(default_factory=Counter)  # by error code

    def reject(self, code: str) -> None:
        self.rejections[code] += 1

    def render(self, docs: int | None, watched_docs: int) -> str:
        lines: list[str] = []

        def metric(name: str, kind: str, help_text: str, value: float) -> None:
            lines.append(f"# HELP relay_{name} {help_text}")
            lines.append(f"# TYPE relay_{name} {kind}")
            lines.append(f"relay_{name} {value}")

        metric("connections", "gauge", "Open WebSocket connections.", self.connections)
        metric(
            "connections_total",
            "counter",
            "Connections accepted.",
            self.connections_total,
        )
        if docs is not None:
            metric("docs", "gauge", "Documents in the store.", docs)
        metric("docs_watched", "gauge", "Documents with connections here.", watched_docs)
        metric("docs_created_total", "counter", "Documents created.", self.docs_created_total)
        metric("docs_deleted_total", "counter", "Documents deleted.", self.docs_deleted_total)
        metric("docs_purged_total", "counter", "Abandoned docs purged.", self.docs_purged_total)
        metric("pushes_total", "counter", "Updates appended and acked.", self.pushes_total)
        metric("checkpoints_total", "counter", "Checkpoints stored.", self.checkpoints_total)
        metric("ephemeral_total", "counter", "Ephemeral envelopes relayed.", self.ephemeral_total)
        metric("deliveries_total", "counter", "Log entries sent to clients.", self.deliveries_total)
        metric("bytes_in_total", "counter", "Envelope bytes received.", self.bytes_in_total)
        metric("bytes_out_total", "counter", "Envelope bytes sent.", self.bytes_out_total)
        lines.append("# HELP relay_rejections_total Frames or requests refused, by reason.")
        lines.append("# TYPE relay_rejections_total counter")
        for code, count in sorted(self.rejections.items()):
            lines.append(f'relay_rejections_total{{reason="{code}"}} {count}')
        return "\n".join(lines) + "\n"
