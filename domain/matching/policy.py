"""What the user says counts as "the same song", and how version tags compare under it.

Defaults (issue 4): a remaster, an explicit/clean pair and a single vs album release are the
same song; a live, remixed, acoustic, instrumental (…) version never is. Mono and stereo mixes
differ only softly: such a pair goes to review rather than being merged or kept apart silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from domain.matching.tags import VersionTag

#: Tag kinds whose presence on one side only is a matter of policy.
POLICY_KINDS = {"remaster": "remaster", "single": "single_album", "album": "single_album"}
#: Tag kinds whose mismatch is doubtful, not decisive.
SOFT_KINDS = frozenset({"mono", "stereo"})
#: Kinds whose detail names a different performance or mix (a venue, a remixer).
DETAILED_KINDS = frozenset({"live", "remix"})
#: How a kind reads in evidence.
LABELS = {"remaster": "remastered", "edit": "radio edit", "rerecorded": "re-recorded"}
#: The explicit/clean difference is judged from flags and tags together (see features).
CONTENT_KINDS = frozenset({"explicit", "clean"})


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    remaster_is_same: bool = True
    explicit_clean_is_same: bool = True
    single_album_is_same: bool = True
    #: Distance at or below which a pair is merged without asking.
    accept_at: float = 0.10
    #: Distance at or below which a pair goes to the review queue (else: different songs).
    review_at: float = 0.25

    @classmethod
    def strict(cls) -> MatchPolicy:
        """Only identical versions are the same song."""
        return cls(remaster_is_same=False, explicit_clean_is_same=False, single_album_is_same=False)

    def allows(self, kind: str) -> bool:
        group = POLICY_KINDS.get(kind)
        if group == "remaster":
            return self.remaster_is_same
        if group == "single_album":
            return self.single_album_is_same
        return False

    def as_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> MatchPolicy:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


@dataclass(slots=True)
class TagComparison:
    shared: list[str] = field(default_factory=list)
    waived: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)
    hard: list[str] = field(default_factory=list)
    #: Same kind, detail on one side only ("live at Wembley" vs "live"): the duration decides.
    uncertain: list[str] = field(default_factory=list)


def _details_agree(a: str, b: str) -> bool:
    if not a or not b:
        return True
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def compare_tags(
    a: frozenset[VersionTag], b: frozenset[VersionTag], policy: MatchPolicy
) -> TagComparison:
    """How two sets of version tags (explicit/clean excluded) compare under ``policy``."""
    result = TagComparison()
    by_kind_a: dict[str, list[str]] = {}
    by_kind_b: dict[str, list[str]] = {}
    for tag in a:
        by_kind_a.setdefault(tag.kind, []).append(tag.detail)
    for tag in b:
        by_kind_b.setdefault(tag.kind, []).append(tag.detail)
    for kind in sorted(by_kind_a.keys() | by_kind_b.keys()):
        if kind in CONTENT_KINDS:
            continue
        da, db = by_kind_a.get(kind), by_kind_b.get(kind)
        if da is not None and db is not None:
            detail_a, detail_b = max(da, key=len), max(db, key=len)
            if bool(detail_a) != bool(detail_b) and kind in DETAILED_KINDS:
                result.uncertain.append(f"'{kind} {detail_a or detail_b}' vs '{kind}'")
            elif _details_agree(detail_a, detail_b):
                result.shared.append(LABELS.get(kind, kind))
            elif policy.allows(kind):
                result.waived.append(f"'{kind} {detail_a}' vs '{kind} {detail_b}'")
            else:
                result.hard.append(f"'{kind} {detail_a}' vs '{kind} {detail_b}'")
            continue
        present = kind
        detail = (da or db or [""])[0]
        label = f"'{present} {detail}'".replace(" '", "'") if detail else f"'{present}'"
        if policy.allows(kind):
            result.waived.append(f"{label} on one side")
        elif kind in SOFT_KINDS:
            result.soft.append(f"{label} on one side")
        else:
            result.hard.append(f"{label} on one side only")
    return result
