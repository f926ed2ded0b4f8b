"""Outgoing requests to addresses that partners choose (webhooks): public Internet only.

A partner's URL could otherwise reach the hub's own network: loopback, private ranges, cloud
metadata (169.254.169.254), multicast… (server-side request forgery). Checked at registration
and again at each connection: the name is resolved, every address it resolves to must be
public, and the connection goes to the address that was checked — never to a second
resolution that a short-lived DNS answer could point elsewhere (DNS rebinding).

Networks listed in WEBHOOK_RESEAUX_AUTORISES are allowed anyway (development and tests only).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

import certifi
import urllib3
from django.conf import settings

Adresse = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible addresses
_FORME_IPV4 = re.compile(r"^[0-9a-fA-FxX.]+$")  # decimal, octal, hexadecimal, shortened forms


class CibleRefusee(Exception):
    """The URL leads to an address outside the public Internet, or to nothing."""

    code = "ADRESSE_NON_AUTORISEE"
    message = "Adresse de réception non autorisée : elle doit mener à un serveur public sur Internet."


def _autorisee(ip: Adresse) -> bool:
    return any(ip in ipaddress.ip_network(r) for r in settings.WEBHOOK_RESEAUX_AUTORISES)


def _embarquees(ip: Adresse) -> list[Adresse]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64, compatible)."""
    if ip.version == 4:
        return []
    embarquees = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo:
        embarquees += list(ip.teredo)
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):
        embarquees.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return embarquees


def publique(ip: Adresse) -> bool:
    """Whether `ip` is a public unicast address (or one of an allowed network)."""
    if _autorisee(ip):
        return True
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    return all(publique(a) for a in _embarquees(ip))


def ip_litterale(hote: str) -> Adresse | None:
    """The address a host part names literally, in any form the system resolver accepts
    (`[::1]`, `127.0.0.1`, `2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`), else None."""
    hote = hote.strip("[]")
    try:
        return ipaddress.ip_address(hote.split("%", 1)[0])
    except ValueError:
        pass
    if _FORME_IPV4.match(hote):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(hote))
        except OSError:
            return None
    return None


def _hote_et_port(url: str) -> tuple[str, int]:
    parties = urlsplit(url)
    if parties.scheme not in ("http", "https") or not parties.hostname:
        raise CibleRefusee
    try:
        port = parties.port or (443 if parties.scheme == "https" else 80)
    except ValueError:
        raise CibleRefusee from None
    return parties.hostname, port


def resoudre(url: str, *, introuvable_acceptee: bool = False) -> list[Adresse]:
    """Every address the URL's host resolves to, all public; else CibleRefusee.

    `introuvable_acceptee`: a name that does not resolve (yet) is accepted with no address
    (registration; each delivery checks again)."""
    hote, port = _hote_et_port(url)
    litterale = ip_litterale(hote)
    if litterale is not None:
        adresses = [litterale]
    else:
        nom = hote.rstrip(".").lower()
        if nom == "localhost" or nom.endswith(".localhost"):
            raise CibleRefusee
        try:
            infos = socket.getaddrinfo(nom, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            if introuvable_acceptee:
                return []
            raise CibleRefusee from None
        adresses = list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%", 1)[0]) for i in infos))
    if not adresses or not all(publique(a) for a in adresses):
        raise CibleRefusee
    return adresses


def verifier_url(url: str) -> None:
    """At registration: refuses a URL whose host is, or resolves to, a non-public address."""
    resoudre(url, introuvable_acceptee=True)


def poster(url: str, contenu: bytes, en_tetes: dict[str, str], delai: float):
    """POSTs `contenu` to `url`, connected to the address that was checked (the TLS
    certificate is still verified for the URL's host name). No redirect is followed.
    Returns the urllib3 response; raises CibleRefusee or urllib3's errors."""
    return envoyer("POST", url, contenu, en_tetes, delai)


def obtenir(url: str, en_tetes: dict[str, str], delai: float):
    """GETs `url` (query string included) under the same checks as `poster`."""
    return envoyer("GET", url, None, en_tetes, delai)


def envoyer(methode: str, url: str, contenu: bytes | None, en_tetes: dict[str, str], delai: float):
    adresses = resoudre(url)
    parties = urlsplit(url)
    hote, port = _hote_et_port(url)
    options: dict = {}
    classe = urllib3.HTTPConnectionPool
    if parties.scheme == "https":
        classe = urllib3.HTTPSConnectionPool
        options = {
            "server_hostname": hote,
            "assert_hostname": hote,
            "cert_reqs": "CERT_REQUIRED",
            "ca_certs": certifi.where(),
        }
    hote_http = f"[{hote}]" if ":" in hote else hote
    if parties.port:
        hote_http += f":{parties.port}"
    chemin = (parties.path or "/") + (f"?{parties.query}" if parties.query else "")
    echec: Exception | None = None
    for adresse in adresses:  # each one checked; the next one when a connection cannot be made
        with classe(
            str(adresse), port, timeout=urllib3.Timeout(connect=delai, read=delai), retries=False, **options
        ) as pool:
            try:
                return pool.urlopen(
                    methode,
                    chemin,
                    body=contenu,
                    headers={**en_tetes, "Host": hote_http},
                    redirect=False,
                    assert_same_host=False,
                    retries=False,
                )
            except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError) as erreur:
                echec = erreur
    raise echec
