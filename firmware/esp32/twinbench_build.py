# PlatformIO extra script (pre): the firmware version from firmware/VERSION, and after the link the app
# descriptor's project name and version (app_desc.py) with the checksum and SHA-256 fixed.
import os
import sys

Import("env")  # noqa: F821 (PlatformIO's SCons global)

ROOT = env.subst("$PROJECT_DIR")  # noqa: F821
sys.path.insert(0, os.path.join(ROOT, "esp32"))
from app_desc import patch_app_image  # noqa: E402

with open(os.path.join(ROOT, "VERSION")) as f:
    VERSION = f.read().strip()
PROJECT = "twinbench-node"

env.Append(CPPDEFINES=[("TB_FW_VERSION", env.StringifyMacro(VERSION))])  # noqa: F821


def set_app_desc(source, target, env):
    path = target[0].get_abspath()
    with open(path, "rb") as f:
        image = f.read()
    with open(path, "wb") as f:
        f.write(patch_app_image(image, PROJECT, VERSION))
    print(f"twinbench: {os.path.basename(path)}: project_name={PROJECT} version={VERSION}")


env.AddPostAction("$BUILD_DIR/${PROGNAME}.bin", set_app_desc)  # noqa: F821
