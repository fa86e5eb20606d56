"""An uploaded file as the importers read it: twice (check every row, then write)."""

from __future__ import annotations

import io


def upload_opener(upload_file):
    """An importer's opener for an uploaded file, which it reads twice (check, then write)."""

    def opener():
        upload_file.seek(0)
        return io.BufferedReader(_Unclosable(upload_file))

    return opener


class _Unclosable(io.RawIOBase):
    """The uploaded file, read twice (validate, then write): closing only rewinds it."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.inner.seek(offset, whence)

    def tell(self) -> int:
        return self.inner.tell()

    def close(self) -> None:
        self.inner.seek(0)
