#!/bin/sh
# Creates docker/secrets/ (the compose file's secrets, one file each) with fresh random values;
# never overwrites an existing file. EMAIL_URL is a placeholder: put your SMTP server's URL in
# docker/secrets/email_url. Keep the directory out of version control (.gitignore) and backed up
# with care: without epds_encryption_keys the stored contact data cannot be read.
set -eu
cd "$(dirname "$0")"
mkdir -p secrets && chmod 700 secrets
aleatoire() { python3 -c "import secrets; print(secrets.token_urlsafe($1))"; }
ecrire() { [ -e "secrets/$1" ] || { printf '%s\n' "$2" > "secrets/$1"; chmod 600 "secrets/$1"; echo "secrets/$1 created"; }; }
ecrire secret_key "$(aleatoire 50)"
ecrire postgres_password "$(aleatoire 24)"
ecrire database_url "postgres://hub:$(cat secrets/postgres_password)@postgres:5432/hub"
ecrire epds_encryption_keys "$(python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
ecrire email_url "smtp+tls://user:password@smtp.example.org:587"
ecrire s3_secret_key "$(aleatoire 24)"
ecrire s3.json "{\"identities\": [{\"name\": \"hub\", \"credentials\": [{\"accessKey\": \"hub\", \"secretKey\": \"$(cat secrets/s3_secret_key)\"}], \"actions\": [\"Admin\", \"Read\", \"Write\", \"List\", \"Tagging\"]}]}"
