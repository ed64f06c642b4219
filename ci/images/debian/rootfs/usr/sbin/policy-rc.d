#!/bin/sh
# Container image: installing a package never starts its service (there is no init to manage it).
exit 101
