"""Commands about identity: recordings, duplicates, dedupe, review, merge, split, undo, packs.

JSON shapes follow shared/docs/cli.md (``recordings``, ``dupes``); the rest add documents of
their own. Every change prints the id that ``mixtape undo ID`` takes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import CliError, emit, open_profile_library
from domain.matching import MatchPolicy
from store import Library
from store.identity import Identity, IdentityError

mapping_app = typer.Typer(help="Export or import your matching decisions (mapping packs).")


@contextmanager
def _identity() -> Iterator[tuple[Library, Identity]]:
    with open_profile_library() as lib:
        try:
            yield lib, Identity(lib)
        except IdentityError as e:
            raise CliError(str(e)) from e


def _playlist_id(lib: Library, name: str) -> int:
    found = lib.playlists.find(name)
    if not found:
        raise CliError(f"no playlist called “{name}”")
    if len(found) > 1 and found[0].name.casefold() != name.casefold():
        names = ", ".join(f"“{p.name}”" for p in found[:5])
        raise CliError(f"“{name}” matches several playlists: {names}")
    return found[0].id


def _line(member: dict[str, Any]) -> str:
    where = f" · {member['where']}" if member.get("where") else ""
    pos = f" #{member['position'] + 1}" if member.get("position") is not None else ""
    artists = ", ".join(member["artists"])
    return f"{member['service']}: {member['title']} — {artists}{where}{pos}"


def recordings(
    shared: Annotated[bool, typer.Option("--shared", help="Only recordings on 2+ tracks.")] = False,
    limit: Annotated[int | None, typer.Option("-n", "--limit", min=1)] = None,
) -> None:
    """The library grouped by recording, with every service appearance."""
    with _identity() as (_, identity):
        recs = identity.recordings(shared_only=shared, limit=limit)

    def human() -> None:
        for r in recs:
            ctx.out.print(f"[{r['id']}] {r['title']} — {', '.join(r['artists'])}", markup=False)
            for m in r["members"]:
                ctx.out.print(f"    {_line(m)}", markup=False)
            if r.get("evidence", {}).get("summary"):
                ctx.out.print(f"    why: {r['evidence']['summary']}", markup=False)

    emit({"recordings": recs}, human)


def dupes(
    playlist: Annotated[str | None, typer.Option("--playlist", help="One playlist.")] = None,
    liked: Annotated[bool, typer.Option("--liked", help="Liked songs.")] = False,
) -> None:
    """Duplicate groups with the evidence for each (default: playlists, across playlists, liked)."""
    if playlist and liked:
        raise CliError("give --playlist or --liked, not both")
    with _identity() as (lib, identity):
        if playlist:
            groups = identity.duplicates("playlist", _playlist_id(lib, playlist))
        elif liked:
            groups = identity.duplicates("liked")
        else:
            groups = [
                *identity.duplicates("playlist"),
                *identity.duplicates("across_playlists"),
                *identity.duplicates("liked"),
            ]

    def human() -> None:
        if not groups:
            ctx.out.print("No duplicates.")
        for g in groups:
            head = g.get("summary") or f"{len(g['members'])} copies ({g['kind']})"
            ctx.out.print(f"recording {g['recording_id']}: {head}", markup=False)
            for m in g["members"]:
                ctx.out.print(f"    {_line(m)}", markup=False)
            ctx.out.print(
                f"    why: {g['evidence'].get('summary') or g['evidence']['rule']}", markup=False
            )

    emit({"groups": groups}, human)


def dedupe(
    playlist: Annotated[str | None, typer.Option("--playlist", help="One playlist.")] = None,
    liked: Annotated[bool, typer.Option("--liked", help="Liked songs.")] = False,
    apply: Annotated[bool, typer.Option("--apply", help="Do it (default: preview).")] = False,
    keep: Annotated[
        str, typer.Option("--keep", help="earliest | best | service:NAME")
    ] = "earliest",
) -> None:
    """Preview (default) or apply a dedupe of one playlist or the liked songs; undoable."""
    if bool(playlist) == liked:
        raise CliError("give exactly one of --playlist NAME or --liked")
    with _identity() as (lib, identity):
        scope, pid = ("liked", None) if liked else ("playlist", _playlist_id(lib, playlist or ""))
        undo_id: int | None = None
        if apply:
            undo_id, groups = identity.dedupe_apply(scope, keep, pid)
        else:
            groups = identity.dedupe_preview(scope, keep, pid)
    removed = sum(len(g["remove"]) for g in groups)
    doc = {"applied": apply, "undo_id": undo_id, "keep": keep, "removed": removed, "groups": groups}

    def human() -> None:
        verb = "Removed" if apply else "Would remove"
        for g in groups:
            ctx.out.print(f"keep   {_line(g['keep'])}", markup=False)
            for m in g["remove"]:
                ctx.out.print(f"remove {_line(m)}", markup=False)
        ctx.out.print(
            f"{verb} {removed} duplicate(s)."
            + (
                f" Undo with `mixtape undo {undo_id}`."
                if undo_id
                else " Run again with --apply to do it."
                if removed
                else ""
            )
        )

    emit(doc, human)


def undo(
    target: Annotated[
        str | None, typer.Argument(help="Action id, or dNNN for one decision (default: last).")
    ] = None,
    show: Annotated[bool, typer.Option("--list", help="List what can be undone.")] = False,
) -> None:
    """Undo the last (or the given) merge, split, review, dedupe or automatic match."""
    with _identity() as (_, identity):
        if show:
            items = identity.history()

            def listing() -> None:
                for a in items:
                    undone = "  (undone)" if a["undone_at"] else ""
                    line = f"{a['id']:>5} {a['kind']:<8} {a['summary']}{undone}"
                    ctx.out.print(line, markup=False)

            emit({"actions": items}, listing)
            return
        if target is not None and target.lower().startswith("d"):
            result = identity.undo(decision_id=_int(target[1:]))
        else:
            result = identity.undo(None if target is None else _int(target))
    emit(
        result,
        lambda: ctx.out.print(f"Undone: {result.get('summary', result['undone'])}", markup=False),
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError as e:
        raise CliError(f"“{text}” is not an id") from e


def _ids(values: list[str] | None) -> list[int]:
    return [_int(v) for value in values or [] for v in value.split(",") if v.strip()]


def review(
    accept: Annotated[list[str] | None, typer.Option("--accept", help="IDs (or all).")] = None,
    reject: Annotated[list[str] | None, typer.Option("--reject", help="IDs (or all).")] = None,
) -> None:
    """The grey-zone review queue: list it, or accept/reject suggestions (one or many)."""
    with _identity() as (_, identity):
        queue = identity.review_queue()
        every = [item["id"] for item in queue]
        if not accept and not reject:
            emit({"items": queue}, lambda: _show_queue(queue))
            return
        done: dict[str, Any] = {}
        for word, values, yes in (("accepted", accept, True), ("rejected", reject, False)):
            if values:
                ids = every if [v.lower() for v in values] == ["all"] else _ids(values)
                done[word] = ids
                done[f"{word}_undo_id"] = identity.review(ids, accept=yes)
    emit(
        done,
        lambda: ctx.out.print(
            ", ".join(f"{k} {len(v)}" for k, v in done.items() if isinstance(v, list)), markup=False
        ),
    )


def _show_queue(queue: list[dict[str, Any]]) -> None:
    if not queue:
        ctx.out.print("Nothing to review.")
        return
    table = Table("id", "score", "one", "other", "why", box=None)
    for item in queue:
        a, b = item["a"], item["b"]
        table.add_row(
            str(item["id"]),
            f"{item['score']:.2f}",
            f"{a['service']}: {a['title']} — {', '.join(a['artists'])}",
            f"{b['service']}: {b['title']} — {', '.join(b['artists'])}",
            item["evidence"].get("summary", ""),
        )
    ctx.out.print(table)


def merge(
    refs: Annotated[list[str], typer.Argument(help="Recording ids, or track keys service:id.")],
) -> None:
    """Make tracks (or whole recordings) one recording; overrides the rules, survives imports."""
    numbers = [r for r in refs if r.isdigit()]
    keys = [r for r in refs if not r.isdigit()]
    if len(refs) < 2:
        raise CliError("merge needs at least two recordings or tracks")
    with _identity() as (lib, identity):
        if keys and numbers:
            with lib.read() as db:
                from store.identity.actions import recording_keys

                keys += [k for n in numbers for k in recording_keys(db, int(n))]
            action = identity.merge(keys)
        elif numbers:
            action = identity.merge_recordings([int(n) for n in numbers])
        else:
            action = identity.merge(keys)
    emit({"undo_id": action}, lambda: ctx.out.print(f"Merged. Undo with `mixtape undo {action}`."))


def split(
    key: Annotated[str, typer.Argument(help="The track key (service:id) to take out.")],
) -> None:
    """Take one track out of its recording; overrides the rules, survives imports."""
    with _identity() as (_, identity):
        action = identity.split(key)
    emit({"undo_id": action}, lambda: ctx.out.print(f"Split. Undo with `mixtape undo {action}`."))


def policy(
    remaster: Annotated[bool | None, typer.Option("--remaster-same/--remaster-different")] = None,
    explicit: Annotated[bool | None, typer.Option("--clean-same/--clean-different")] = None,
    single: Annotated[bool | None, typer.Option("--single-same/--single-different")] = None,
) -> None:
    """Show or change what counts as the same song (re-matches the library when changed)."""
    with _identity() as (_, identity):
        current = identity.policy()
        if remaster is None and explicit is None and single is None:
            doc = current.as_json()
        else:
            changed = MatchPolicy(
                remaster_is_same=current.remaster_is_same if remaster is None else remaster,
                explicit_clean_is_same=(
                    current.explicit_clean_is_same if explicit is None else explicit
                ),
                single_album_is_same=current.single_album_is_same if single is None else single,
                accept_at=current.accept_at,
                review_at=current.review_at,
            )
            doc = {**changed.as_json(), "recordings": identity.set_policy(changed)}
    emit(doc, lambda: ctx.out.print(json.dumps(doc, indent=2)))


@mapping_app.command("export")
def mapping_export(path: Annotated[Path, typer.Argument(help="Where to write the pack.")]) -> None:
    """Write your own decisions (merges, splits, reviews) and transfer match rules as a pack."""
    with _identity() as (_, identity):
        pack = identity.export_mapping()
    path.write_text(json.dumps(pack, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    doc = {
        "path": str(path),
        "decisions": len(pack["decisions"]),
        "match_rules": len(pack["match_rules"]),
    }
    emit(
        doc,
        lambda: ctx.out.print(
            f"Wrote {doc['decisions']} decision(s) and {doc['match_rules']}"
            f" transfer match rule(s) to {path}"
        ),
    )


@mapping_app.command("import")
def mapping_import(path: Annotated[Path, typer.Argument(help="A mapping pack file.")]) -> None:
    """Apply a mapping pack (a friend's decisions and transfer match rules); undoable."""
    try:
        pack = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CliError(f"cannot read {path}: {e}") from e
    with _identity() as (_, identity):
        action, count, rules = identity.import_mapping(pack)
    doc = {"undo_id": action, "decisions": count, "match_rules": rules}
    emit(
        doc,
        lambda: ctx.out.print(
            f"Applied {count} decision(s) and {rules} transfer match rule(s)."
            f" Undo: `mixtape undo {action}`."
        ),
    )


def register(app: typer.Typer) -> None:
    for command in (recordings, dupes, dedupe, undo, review, merge, split):
        app.command()(command)
    app.command("match-policy")(policy)
    app.add_typer(mapping_app, name="mapping")
