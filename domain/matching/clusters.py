"""Union-find over track ids with *cannot-link* constraints and a compatibility check.

The user's "these are different" and an undone merge are cannot-links: no chain of automatic
matches may put those two tracks in one recording. ``compatible`` guards against chains the
pairwise rules cannot see (live at Wembley ~ live ~ live at Budokan).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

Compatible = Callable[[Hashable, Hashable], bool]


class Clusters:
    def __init__(
        self, labels: dict[int, Hashable] | None = None, compatible: Compatible | None = None
    ) -> None:
        self._parent: dict[int, int] = {}
        self._members: dict[int, list[int]] = {}
        self._forbidden: dict[int, set[int]] = {}
        self._labels = labels or {}
        self._label_sets: dict[int, set[Hashable]] = {}
        self._compatible = compatible

    def add(self, item: int) -> None:
        if item not in self._parent:
            self._parent[item] = item
            self._members[item] = [item]
            if item in self._labels:
                self._label_sets[item] = {self._labels[item]}

    def find(self, item: int) -> int:
        parent = self._parent
        if item not in parent:
            self.add(item)
            return item
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def forbid(self, a: int, b: int) -> None:
        self._forbidden.setdefault(a, set()).add(b)
        self._forbidden.setdefault(b, set()).add(a)

    def can_join(self, a: int, b: int, check_compatible: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, other = (ra, rb) if len(self._members[ra]) <= len(self._members[rb]) else (rb, ra)
        for item in self._members[small]:
            for banned in self._forbidden.get(item, ()):
                if self.find(banned) == other:
                    return False
        if self._compatible is not None and check_compatible:
            for la in self._label_sets.get(ra, ()):
                for lb in self._label_sets.get(rb, ()):
                    if la != lb and not self._compatible(la, lb):
                        return False
        return True

    def join(self, a: int, b: int, force: bool = False, check_compatible: bool = True) -> bool:
        """Merge the clusters of ``a`` and ``b``; False (and nothing done) when not allowed.

        ``force`` ignores every constraint (the user's own merge); ``check_compatible=False``
        only the compatibility check (a service saying two ids are one track), not the user's
        cannot-links.
        """
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not force and not self.can_join(a, b, check_compatible):
            return False
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        labels = self._label_sets.pop(rb, set())
        if labels:
            self._label_sets.setdefault(ra, set()).update(labels)
        return True

    def groups(self, items: Iterable[int] | None = None) -> dict[int, list[int]]:
        """Clusters keyed by their smallest id, members sorted."""
        out: dict[int, list[int]] = {}
        for item in items if items is not None else list(self._parent):
            out.setdefault(self.find(item), []).append(item)
        return {min(m): sorted(m) for m in out.values()}
