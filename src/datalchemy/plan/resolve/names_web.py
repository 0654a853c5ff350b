"""Name rules for codes and things of the web: URLs, addresses, user agents, barcodes, hashes,
versions, files (:data:`WEB_RULES`).

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="codigo_barras", declared_type="char(13)",
    ...              family=TypeFamily.TEXT, nullable=False, length=13)
    >>> next(r for r in WEB_RULES if r.matches(HeuristicInput(col, "produtos"))).make(
    ...     HeuristicInput(col, "produtos", locale="pt_BR"))
    ('semantic.barcode.ean13', {'prefix': '789'})
"""

from __future__ import annotations

from datalchemy.contracts.schema import TypeFamily
from datalchemy.plan.resolve.names import TEXTY, HeuristicInput, NameRule, Params, rule

__all__ = ["WEB_RULES"]

_T = TypeFamily


def _hex(n: int) -> tuple[str, Params]:
    return "primitive.text.pattern", {"pattern": f"[0-9a-f]{{{n}}}"}


def _digest(info: HeuristicInput) -> tuple[str, Params]:
    sizes = {"md5": 32, "sha1": 40, "sha": 40, "sha256": 64, "sha512": 128}
    n = next((sizes[t] for t in info.tokens if t in sizes), 64)
    return _hex(min(n, info.column.length or n))


def _token(info: HeuristicInput) -> tuple[str, Params]:
    return _hex(min(40, info.column.length or 40))


def _ean(info: HeuristicInput) -> tuple[str, Params]:
    return "semantic.barcode.ean13", {"prefix": "789" if info.pt else "0"}


def _pattern(pattern: str) -> tuple[str, Params]:
    return "primitive.text.pattern", {"pattern": pattern}


def _mime(info: HeuristicInput) -> tuple[str, Params]:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    values = ["application/pdf", "image/jpeg", "image/png", "text/csv", xlsx, "text/plain"]
    return "primitive.choice.weighted", {"values": values, "weights": [35, 30, 15, 8, 7, 5]}


WEB_RULES: tuple[NameRule, ...] = (
    rule(TEXTY, "site url website homepage link uri webpage pagina", ("semantic.br.url", {}), 0.85,
         "a web address", substrings="url website"),
    rule(TEXTY, "imagem image foto photo avatar thumbnail thumb logo picture banner capa cover",
         _pattern(r"https://img\.example\.com/[a-z0-9]{12}\.(jpg|png|webp)"), 0.7,
         "an image address"),
    rule(TEXTY, "slug permalink", ("text.slug", {}), 0.75, "a URL slug from a title"),
    rule(TEXTY | {_T.NETWORK}, "ip ipaddress ipv4 ip_origem remote_addr remoteaddr client_ip",
         ("semantic.internet.ipv4", {}), 0.85, "an IP address"),
    rule(TEXTY | {_T.NETWORK}, "ipv6", ("semantic.internet.ipv6", {}), 0.85, "an IPv6 address"),
    rule(TEXTY | {_T.NETWORK}, "mac macaddress mac_address", ("semantic.internet.mac", {}), 0.85,
         "a MAC address"),
    rule(TEXTY, "useragent user_agent navegador browser", ("semantic.internet.user_agent", {}),
         0.85, "a browser user agent", substrings="useragent"),
    rule(TEXTY, "hostname host dominio domain servidor server",
         _pattern(r"(app|api|www|mail|srv)[0-9]{0,2}\.[a-z]{4,9}\.example\.(com|net|org)"), 0.6,
         "a host name"),
    rule(TEXTY, "uuid guid", ("primitive.uuid.v4", {}), 0.8, "a UUID in a text column"),
    rule(TEXTY, "sku", _pattern("[A-Z]{3}-[0-9]{5}"), 0.85, "a SKU"),
    rule(TEXTY, "ean ean13 gtin upc barcode codigobarras codigo_barras codbarras",
         _ean, 0.85, "an EAN-13 barcode (valid check digit)", substrings="barcode codigobarras"),
    rule(TEXTY, "isbn isbn13", ("semantic.barcode.isbn13", {}), 0.85, "an ISBN"),
    rule(TEXTY, "chassi vin", _pattern("[A-HJ-NPR-Z0-9]{17}"), 0.8, "a vehicle VIN"),
    rule(TEXTY, "md5 sha sha1 sha256 sha512 checksum digest", _digest, 0.85, "a hex digest"),
    rule(TEXTY, "token apikey api_key secret segredo access_token refresh_token", _token, 0.75,
         "an opaque token (hex)", substrings="token apikey"),
    rule(TEXTY, "versao version release", _pattern(r"[1-4]\.[0-9]{1,2}\.[0-9]{1,2}"), 0.7,
         "a version number (1.4.2)"),
    rule(TEXTY, "mime mimetype contenttype content_type tipo_arquivo filetype", _mime, 0.75,
         "a MIME type"),
    rule(TEXTY, "arquivo file filename nome_arquivo anexo attachment documento_arquivo",
         _pattern(r"[a-z]{4,10}_[0-9]{2,4}\.(pdf|jpg|png|docx|xlsx|csv)"), 0.65, "a file name"),
    rule(TEXTY, "caminho path filepath file_path diretorio directory",
         _pattern(r"/(uploads|docs|images|exports)/[a-z]{4,10}/[a-z0-9]{6,12}\.(pdf|jpg|png)"),
         0.65, "a file path"),
    rule(TEXTY, "extensao extension ext", ("primitive.choice.weighted",
         {"values": ["pdf", "jpg", "png", "docx", "xlsx", "csv"],
          "weights": [30, 25, 15, 12, 10, 8]}), 0.6, "a file extension",
         when=lambda i: i.column.length is None or i.column.length >= 4),
    rule(TEXTY, "hex corhex colorhex cor_hex color_hex hexcolor", ("semantic.color.hex", {}),
         0.75, "a colour as #rrggbb", when=lambda i: "hex" in i.compact),
)  # fmt: skip
