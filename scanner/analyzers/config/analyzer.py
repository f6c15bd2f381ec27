"""The config analyzer: each file read by its format's reader, each setting judged by the rules.

Readers (`formats.py`) turn a file into settings: a key path, the value as
the application reads it, and where the value's characters are. Judges
(`judges/`) decide, setting by setting, what its name and value say. A
failure while judging one value loses that value only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import PurePosixPath

from scanner.analyzers.base import Context, Source, contained
from scanner.analyzers.config import gate
from scanner.analyzers.config.formats import READERS, reader_for
from scanner.analyzers.config.judges import judge
from scanner.analyzers.config.judges.file_facts import FileFacts
from scanner.analyzers.config.judges.signing_secrets import algorithms
from scanner.analyzers.gateway.deployments import folder_binding
from scanner.model import Detection, FileKind, Location, Notification, TokenValidation
from scanner.registry import CONFIG, TOK002, rules_for

_LOCKFILES = frozenset({"package-lock.json", "npm-shrinkwrap.json"})
# Formats whose every key is a variable code may sign with, or a credential, whatever it is called.
_ALWAYS_READ = frozenset(
    reader.kind for reader in READERS if reader.environment or reader.credentials
)


class ConfigFiles:
    name = "config"
    kinds = frozenset(reader.kind for reader in READERS)
    # TOK002 too: an environment file sets the issuer variable that a validator reads.
    rules = rules_for(CONFIG) | {TOK002.id}

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        return kind in _ALWAYS_READ or gate.might_report(data)

    def analyze(
        self, source: Source, context: Context
    ) -> Iterator[Detection | Notification | TokenValidation]:
        reader = reader_for(source)
        if reader is None or PurePosixPath(source.relpath).name.lower() in _LOCKFILES:
            return
        facts = FileFacts.of(source, context, reader)
        reported: set[tuple[str, Location, str, int]] = set()
        # `.env.example` documents the variables; nothing loads it into the environment.
        binds = reader.environment and not facts.example and context.wants(TOK002.id)
        for document in reader.read(source):
            in_document = replace(facts, algorithms=algorithms(document))
            for setting in document:
                if binds:
                    bound = folder_binding(
                        setting.key, setting.value, setting.location, source.relpath
                    )
                    if bound is not None:
                        yield bound
                judged = partial(judge, setting, in_document)
                line = setting.location.line
                for detection in contained(judged, source, context, "a value", line):
                    if isinstance(detection, Notification):
                        yield detection
                        continue
                    # An aliased YAML value is one place under several names: each may be linked.
                    key = (
                        detection.rule_id,
                        detection.location,
                        detection.setting,
                        detection.if_key_needs,
                    )
                    if key not in reported:
                        reported.add(key)
                        yield detection
