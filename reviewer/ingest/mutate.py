"""Mutations of valid files for fuzzing the readers (used by tests and scripts/fuzz_ingest.py)."""

from __future__ import annotations

import io
import random
import zipfile


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One random byte-level mutation: flips, truncation, duplication, deletion, insertion."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    buffer = bytearray(data)
    choice = rng.randrange(6)
    if choice == 0:
        for _ in range(rng.randrange(1, 16)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif choice == 1:
        del buffer[rng.randrange(len(buffer)) :]
    elif choice == 2:
        start = rng.randrange(len(buffer))
        chunk = buffer[start : start + rng.randrange(1, 4096)]
        at = rng.randrange(len(buffer))
        buffer[at:at] = chunk * rng.randrange(1, 8)
    elif choice == 3:
        start = rng.randrange(len(buffer))
        del buffer[start : start + rng.randrange(1, 2048)]
    elif choice == 4:
        at = rng.randrange(len(buffer))
        buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 256)))
    else:
        token = rng.choice(
            [b"<", b">", b"/", b"obj", b"endobj", b"stream", b"(", b")", b"[", b"]", b"&", b"\x00"]
        )
        at = rng.randrange(len(buffer))
        buffer[at:at] = token * rng.randrange(1, 64)
    return bytes(buffer)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate one member of a DOCX package (kept a valid zip), or the raw bytes."""
    if rng.random() < 0.3:
        return mutate_bytes(data, rng)
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
    except Exception:  # an earlier mutation broke the zip: mutate raw bytes instead
        return mutate_bytes(data, random.Random(rng.random()))
    target = rng.choice([n for n in names if n.endswith(".xml")] or names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            try:
                content = source.read(name)
            except Exception:  # a member damaged by an earlier mutation
                content = b""
            if name == target:
                content = mutate_bytes(content, rng)
            archive.writestr(name, content)
    return out.getvalue()
