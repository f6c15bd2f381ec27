#!/bin/sh
# one-time bootstrap of a new runner host
export GITLAB_TOKEN=glpat-M3Dr1cQcJiavSAdd5rbC
export VAULT_ADDR=https://vault.platform.internal:8200
export VAULT_TOKEN=hvs.CAESI7JpuBSJW_J4yz7jtmEYpCEPTbRNiGLWiTtblFip9XZ5zdZ0WNL9jpr0iyy3YyqZGxpmSY3UO9RKyQxpoi2EqggrMOy
export DIGITALOCEAN_TOKEN=dop_v1_f45ef86e85477f5c8ea9a846e270c698cb89bb34b65657d773bce7bf958b71e6
export RUNNER_ID=efdfafa3-ccb7-4193-a74e-9c6c1b803873
gitlab-runner register --non-interactive --url https://gitlab.platform.internal --token "$RUNNER_AUTH_TOKEN"
