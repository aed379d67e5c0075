#!/bin/sh
# ACC build step (akinon.json "scripts.build"): runs inside the python:3.11-alpine image.
# No secrets or addon variables exist here, so collectstatic runs with DEBUG's defaults.
set -eu
pip install --no-cache-dir --upgrade pip
pip install --no-cache-dir -r requirements.txt
DEBUG=true python manage.py collectstatic --noinput
