#!/usr/bin/env bash
# Python with torch and onnx for training the tiny models, from Debian (PyPI is not needed).
# libopenblas0-pthread matters: without it Debian's torch runs matrix products about 30 times slower.
set -euo pipefail
apt-get update
apt-get install -y python3-torch python3-onnx libopenblas0-pthread
