"""XML documents as small frozen element trees that keep each element's line.

Policies (Azure API Management `<policies>`, Apigee `<VerifyJWT>`) are read
through defusedxml's SAX parser: it refuses document type declarations,
entity declarations and external references, so no entity is expanded and
no DTD is fetched (invariant 3), and its locator gives the line each
element starts on. The text is handed over as UTF-8 with that encoding
forced, so a declaration naming another encoding cannot garble it.
Namespace prefixes are dropped from names: policies are matched by local
name. Columns are kept as well as lines (expat counts them in characters),
so a config reader can point at a value's own characters.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl, InputSource, Locator

from scanner.analyzers.base import Source, Unparsable
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind

# `.config`: .NET's `web.config`, `app.config` and `nuget.config` are XML.
# An indented line that is no tag is an element's text going on (`<password>` above): a value.
XML = FileFormat(
    FileKind.XML,
    Syntax(("<!--",), continuations="line"),
    "xml",
    (Files(suffixes=(".xml", ".config")),),
)

MAX_DEPTH = 200


@dataclass(frozen=True, slots=True)
class Element:
    """One element: local name, attributes, its own text (stripped), line, children in order.

    Positions are 1-based: `line`/`column` of its `<`, `text_line`/`text_column`
    where its first non-blank text starts (0: no text), `end_line`/`end_column`
    where its end tag starts (for `<a/>`, where the element ends).
    """

    name: str
    attributes: Mapping[str, str]
    text: str
    line: int
    children: tuple[Element, ...] = ()
    text_line: int = 0
    column: int = 0
    text_column: int = 0
    end_line: int = 0
    end_column: int = 0

    def child(self, name: str) -> Element | None:
        return next((c for c in self.children if c.name == name), None)

    def named(self, name: str) -> Iterator[Element]:
        """The direct children called `name`."""
        return (c for c in self.children if c.name == name)

    def descendants(self, name: str) -> Iterator[Element]:
        """Every element below this one called `name`, in document order."""
        stack = list(reversed(self.children))
        while stack:
            element = stack.pop()
            if element.name == name:
                yield element
            stack.extend(reversed(element.children))


def parse(source: Source) -> Element:
    """The document's root element; `Unparsable` (with the line) for what XML refuses."""
    import defusedxml.sax  # imported on first use: most scans hold no policy XML
    from defusedxml import DefusedXmlException

    builder = _Builder()
    stream = InputSource()
    stream.setByteStream(io.BytesIO(source.text.encode("utf-8", "surrogatepass")))
    stream.setEncoding("utf-8")
    try:
        defusedxml.sax.parse(stream, builder, forbid_dtd=True)
    except SAXParseException as error:  # its message quotes nothing, but keep the line only
        raise Unparsable("XML syntax error", error.getLineNumber() or 0) from None
    except DefusedXmlException:
        raise Unparsable("XML with a DTD, entity or external reference") from None
    except (SAXException, ValueError, UnicodeError):
        raise Unparsable("XML not readable") from None
    if builder.root is None:
        raise Unparsable("XML without a root element")
    return builder.root


@dataclass
class _Open:
    """An element whose end tag is still to come."""

    name: str
    attributes: dict[str, str]
    line: int
    column: int
    text: list[str] = field(default_factory=list)
    text_line: int = 0
    text_column: int = 0
    children: list[Element] = field(default_factory=list)


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.stack: list[_Open] = []
        self.root: Element | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def _line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator is not None else 0

    def _column(self) -> int:
        """The 1-based column of the event (expat's are 0-based); 0 when unknown."""
        if self.locator is None:
            return 0
        column = self.locator.getColumnNumber()
        return column + 1 if column is not None and column >= 0 else 0

    def _after(self, content: str) -> tuple[int, int]:
        """Where `content`'s first non-blank character is (expat's line ends arrive as `\n`)."""
        blanks = content[: len(content) - len(content.lstrip())]
        breaks = blanks.count("\n")
        if breaks:
            return self._line() + breaks, len(blanks.rpartition("\n")[2]) + 1
        column = self._column()
        return self._line(), column + len(blanks) if column else 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise Unparsable("XML nested too deeply", self._line())
        attributes = {
            _local(key): str(attrs[key]) for key in attrs.getNames() if not _declares(key)
        }
        self.stack.append(_Open(_local(name), attributes, self._line(), self._column()))

    def characters(self, content: str) -> None:
        if self.stack:
            current = self.stack[-1]
            if not current.text_line and content.strip():
                current.text_line, current.text_column = self._after(content)
            current.text.append(content)

    def endElement(self, name: str) -> None:
        done = self.stack.pop()
        element = Element(
            done.name,
            done.attributes,
            "".join(done.text).strip(),
            done.line,
            tuple(done.children),
            done.text_line,
            done.column,
            done.text_column,
            self._line(),
            self._column(),
        )
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element


def _declares(name: str) -> bool:
    """`xmlns` and `xmlns:p` bind namespaces: no setting of the element."""
    return name == "xmlns" or name.startswith("xmlns:")


def _local(name: str) -> str:
    return name.rpartition(":")[2]
