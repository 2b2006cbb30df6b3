"""Sets the project name and version in an ESP32 app image's descriptor (esp_app_desc_t) and fixes the
image's checksum and SHA-256, as esptool's elf2image would have written them.

Arduino-ESP32 links ESP-IDF precompiled, so its app descriptor names the library builder, not this
project; this puts `twinbench-node` and firmware/VERSION there, which `esptool image_info --version 2`
and the board's boot log ("App version: ...") then show.

Usage on its own: python3 app_desc.py IMAGE.bin PROJECT VERSION  (rewrites IMAGE.bin in place)
"""
import hashlib
import struct
import sys

IMAGE_MAGIC = 0xE9
APP_DESC_MAGIC = 0xABCD5432
HEADER_LEN = 24  # 8-byte header + 16-byte extended header


def _field(text: str, size: int) -> bytes:
    raw = text.encode("utf-8")
    if len(raw) >= size:
        raise ValueError(f"'{text}' is longer than {size - 1} bytes (the descriptor field is char[{size}])")
    return raw + b"\0" * (size - len(raw))


def patch_app_image(image: bytes, project: str, version: str) -> bytes:
    data = bytearray(image)
    if len(data) < HEADER_LEN or data[0] != IMAGE_MAGIC:
        raise ValueError("not an ESP32 app image (no 0xE9 magic byte): pass the .bin, not the .elf")
    segments = data[1]
    hash_appended = data[23] == 1
    offset = HEADER_LEN
    starts = []
    for _ in range(segments):
        _addr, length = struct.unpack_from("<II", data, offset)
        starts.append((offset + 8, length))
        offset += 8 + length
    desc = next((s for s, n in starts if n >= 256 and struct.unpack_from("<I", data, s)[0] == APP_DESC_MAGIC), None)
    if desc is None:
        raise ValueError("no app descriptor (magic 0xABCD5432) at the start of a segment")
    data[desc + 16 : desc + 48] = _field(version, 32)
    data[desc + 48 : desc + 80] = _field(project, 32)
    checksum_at = offset + (15 - offset) % 16
    checksum = 0xEF
    for start, length in starts:
        for b in data[start : start + length]:
            checksum ^= b
    data[checksum_at] = checksum
    if hash_appended:
        data[checksum_at + 1 : checksum_at + 33] = hashlib.sha256(bytes(data[: checksum_at + 1])).digest()
    return bytes(data)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: app_desc.py IMAGE.bin PROJECT VERSION")
    path, project, version = sys.argv[1:]
    with open(path, "rb") as f:
        patched = patch_app_image(f.read(), project, version)
    with open(path, "wb") as f:
        f.write(patched)
    print(f"{path}: project_name={project} version={version}")
