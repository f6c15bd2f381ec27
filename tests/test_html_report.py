"""The HTML audit report, parsed as HTML and driven in a real headless Chromium.

A small git repository is made in a temporary folder and scanned by the real
engine: a hardcoded signing key and an AWS key generated at test time, JWT
findings, a finding accepted by an inline ignore, a file Python cannot parse,
and a file whose path and code carry HTML and script payloads. The page must
hold no secret, run no payload, load nothing over the network, and its filters
must show exactly the rows the scan result says.

Chromium (Debian's, at /usr/bin/chromium or $CHROMIUM) and Playwright for
Python are installed by `scripts/bootstrap-test-tools.sh`; without them these
tests fail rather than skip. A full-page screenshot is left in
test-artifacts/html-report.png for a person to look at.
"""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from scanner import catalog, engine
from scanner.configuration import Config
from scanner.frameworks import Framework, mapped_ids
from scanner.model import Level, NotificationKind, ScanResult
from scanner.report.html import render_html

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BOOTSTRAP = "scripts/bootstrap-test-tools.sh"
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
ATTRIBUTE_PAYLOAD = '"onerror=alert(1)'
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
# One folder and one file name: together the path carries every payload.
HOSTILE_PATH = f"x{SCRIPT_PAYLOAD}{ATTRIBUTE_PAYLOAD}{IMG_PAYLOAD}.py"
# Snippets show code only (comments and string contents are masked), so the
# snippet's payload is Python that is also markup.
CODE_PAYLOAD = "x<script>alert(1)"
IGNORE_REASON = "fixture key for the signature tests"


@dataclass(frozen=True)
class Planted:
    signing_key: str
    ignored_key: str
    aws_key: str

    @property
    def all(self) -> tuple[str, ...]:
        return (self.signing_key, self.ignored_key, self.aws_key)


# --- the scanned repository --------------------------------------------------


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _make_repo(root: Path, planted: Planted) -> Path:
    _write(
        root,
        "app/auth.py",
        "import jwt\n\n"
        f'SIGNING_KEY = "{planted.signing_key}"\n\n\n'
        "def issue(user_id):\n"
        '    return jwt.encode({"sub": user_id}, SIGNING_KEY, algorithm="HS256")\n\n\n'
        "def current_user(token):\n"
        '    return jwt.decode(token, options={"verify_signature": False})\n\n\n'
        "def service_token(claims):\n"
        '    return jwt.encode(claims, None, algorithm="none")\n',
    )
    _write(
        root,
        "app/signatures.py",
        "import hashlib\nimport hmac\n\n\n"
        "def sign_fixture(body: bytes) -> str:\n"
        f'    return hmac.new(b"{planted.ignored_key}", body, hashlib.sha256).hexdigest()'
        f"  # nhiguard: ignore[HMAC001] {IGNORE_REASON}\n",
    )
    _write(
        root,
        "app/broken.py",
        "import jwt\n\n\ndef claims(token) -> dict\n    return jwt.decode(token)\n",
    )
    _write(
        root,
        "deploy/settings.yaml",
        f"aws:\n  region: eu-west-1\n  access_key_id: {planted.aws_key}\n",
    )
    _write(
        root,
        HOSTILE_PATH,
        "import jwt\n\n\n"
        "def peek(token):\n"
        '    return jwt.decode(token, options={"verify_signature": False})'
        f" or {CODE_PAYLOAD}  # {SCRIPT_PAYLOAD} {ATTRIBUTE_PAYLOAD} {IMG_PAYLOAD}\n",
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@pytest.fixture(scope="module")
def planted() -> Planted:
    alphabet = string.ascii_uppercase + "234567"
    return Planted(
        signing_key="sk_" + secrets.token_hex(24),
        ignored_key="whsec_" + secrets.token_hex(16),
        aws_key="AKIA" + "".join(secrets.choice(alphabet) for _ in range(16)),
    )


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory, planted: Planted) -> ScanResult:
    root = _make_repo(tmp_path_factory.mktemp("html") / "repo", planted)
    scanned = engine.scan([root], Config(), catalog.load(), jobs=1)
    # The scan must hold what each test below relies on, or the tests prove nothing.
    active = {(f.rule_id, f.path) for f in scanned.active}
    assert {
        ("HMAC001", "app/auth.py"),
        ("JWT001", "app/auth.py"),
        ("JWT002", "app/auth.py"),
    } <= active
    assert ("JWT001", HOSTILE_PATH) in active
    assert ("SEC002", "deploy/settings.yaml") in active
    assert [(f.rule_id, f.path) for f in scanned.suppressed] == [("HMAC001", "app/signatures.py")]
    assert ("app/broken.py", NotificationKind.PARSE_ERROR) in {
        (n.path, n.kind) for n in scanned.notifications
    }
    hostile = [f for f in scanned.active if f.path == HOSTILE_PATH]
    assert any(CODE_PAYLOAD in f.snippet and '"' in f.snippet for f in hostile)
    return scanned


@pytest.fixture(scope="module")
def html(result: ScanResult) -> str:
    return render_html(result)


@pytest.fixture(scope="module")
def report_file(html: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "nhiguard report.html"
    path.write_text(html, encoding="utf-8")
    return path


# --- the page as parsed HTML -------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    content: list[Element | str] = field(default_factory=list)

    @property
    def children(self) -> list[Element]:
        return [c for c in self.content if isinstance(c, Element)]

    def all_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.all_text() for c in self.content)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.content.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.content.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.content.append(data)


@pytest.fixture(scope="module")
def page_tree(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


def _matrix_status(tree: Element, table_heading_id: str) -> dict[str, str]:
    """Item id -> status text of one control matrix, read from its table."""
    heading = next(e for e in tree.iter() if e.attrs.get("id") == table_heading_id)
    assert heading.parent is not None
    siblings = heading.parent.children
    table = next(
        e
        for sibling in siblings[siblings.index(heading) :]
        for e in sibling.iter()
        if e.tag == "table"
    )
    statuses = {}
    for row in table.find_all("tr"):
        header = [c for c in row.children if c.tag == "th" and c.attrs.get("scope") == "row"]
        if header:
            status = next(e for e in row.iter() if "status" in e.classes())
            statuses[header[0].all_text().strip()] = status.all_text().strip()
    return statuses


def test_the_report_is_one_self_contained_file(page_tree: Element, html: str) -> None:
    elements = list(page_tree.iter())
    assert [e.tag for e in elements if e.tag in ("link", "iframe", "object", "embed", "img")] == []
    scripts = page_tree.find_all("script")
    assert len(scripts) == 1 and "src" not in scripts[0].attrs
    assert len(page_tree.find_all("style")) == 1
    assert not [e for e in elements if "src" in e.attrs]
    assert "@import" not in html and "url(" not in html
    csp = page_tree.find_all("meta", http_equiv="Content-Security-Policy")
    assert len(csp) == 1
    policy = csp[0].attrs["content"]
    assert policy.startswith("default-src 'none';")
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy


def test_no_planted_secret_appears_in_the_report(html: str, planted: Planted) -> None:
    for secret in planted.all:
        assert secret not in html
        assert secret[4:-4] not in html


def test_every_open_finding_is_a_row_most_severe_first(
    page_tree: Element, result: ScanResult
) -> None:
    rows = [e for e in page_tree.iter() if e.tag == "tbody" and "finding" in e.classes()]
    assert len(rows) == len(result.active)
    levels = [row.attrs["data-level"] for row in rows]
    assert levels == sorted(levels, key=lambda v: -Level(v).rank)
    assert {(row.attrs["data-rule"], row.attrs["data-path"]) for row in rows} == {
        (f.rule_id, f.path) for f in result.active
    }


def test_suppressed_findings_are_listed_apart_with_their_reason(page_tree: Element) -> None:
    section = next(e for e in page_tree.iter() if e.attrs.get("id") == "suppressed")
    cells = [" ".join(td.all_text().split()) for td in section.find_all("td")]
    assert "HMAC001 hardcoded-signing-secret" in cells
    assert "app/signatures.py:6" in cells
    assert IGNORE_REASON in cells
    findings = next(e for e in page_tree.iter() if e.attrs.get("id") == "findings")
    assert "app/signatures.py" not in findings.all_text()


def test_files_not_fully_analysed_say_why(page_tree: Element) -> None:
    section = next(e for e in page_tree.iter() if e.attrs.get("id") == "not-analysed")
    rows = [
        [" ".join(c.all_text().split()) for c in tr.children if c.tag == "td"]
        for tr in section.find_all("tr")
    ]
    broken = [row for row in rows if row and row[0] == "app/broken.py"]
    assert broken and broken[0][2] == "parse-error Partly analysed: the file could not be parsed"


def test_control_matrices_show_fail_pass_not_applicable_and_not_covered(
    page_tree: Element,
) -> None:
    nhi = _matrix_status(page_tree, "matrix-owasp_nhi")
    assert list(nhi) == [f"NHI{n}:2025" for n in range(1, 11)]
    assert nhi["NHI4:2025"] == "Fail"  # JWT001, JWT002
    assert nhi["NHI2:2025"] == "Fail"  # HMAC001, SEC002
    assert nhi["NHI5:2025"] == "Not applicable"  # CI003, CI004, CI006 ran; no workflow here
    assert {nhi[i] for i in ("NHI1:2025", "NHI3:2025", "NHI10:2025")} == {"Not covered"}
    csf = _matrix_status(page_tree, "matrix-nist_csf")
    assert csf["PR.AA-04"] == "Fail"
    assert csf["PR.PS-06"] == "Not applicable"  # only CI rules test it
    assert csf["PR.AA-05"] == "Pass"  # TOK001 read the Python files as well as CI rules
    assert csf["PR.AA-02"] == "Pass"  # SEC003 read the Python and YAML files
    assert all(len(i.split("-")[1]) == 2 for i in csf)


def test_a_pass_names_the_rules_of_its_item_that_read_no_input(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import os\n\nTOKEN = os.environ['API_TOKEN']\n")
    builder = _TreeBuilder()
    builder.feed(render_html(engine.scan([tmp_path], Config(), catalog.load(), jobs=1)))
    rows = {
        header[0].all_text().strip(): row
        for row in builder.root.find_all("tr")
        if (header := [c for c in row.children if c.tag == "th" and c.attrs.get("scope") == "row"])
    }
    idle = [e.all_text() for e in rows["NHI2:2025"].iter() if "rules-without-input" in e.classes()]
    assert idle == ["CI001, CI002, CI004, CI006, SEC001 read no input"]
    assert not [e for e in rows["NHI4:2025"].iter() if "rules-without-input" in e.classes()]


def test_rendering_is_deterministic(result: ScanResult, html: str) -> None:
    assert render_html(result) == html


# --- the page in Chromium ----------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            f"Playwright for Python is not installed: run `{BOOTSTRAP}` "
            "(pip install playwright; Debian's chromium).",
            pytrace=False,
        )
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `{BOOTSTRAP}` (apt-get install chromium), "
            "or set CHROMIUM to a Chromium binary.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Session:
    page: Any
    requests: list[str]
    console_errors: list[str]
    dialogs: list[str]


@pytest.fixture
def session(browser: Any, report_file: Path) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    opened = Session(page, [], [], [])
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on(
        "console",
        lambda message: message.type == "error" and opened.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: opened.console_errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    yield opened
    context.close()


def _visible_rows(page: Any) -> int:
    count: int = page.locator("tbody.finding:visible").count()
    return count


def test_page_opens_from_file_with_no_error_and_no_network(
    session: Session, report_file: Path
) -> None:
    assert session.console_errors == []
    assert session.requests == [report_file.as_uri()]
    assert session.dialogs == []
    assert session.page.locator("#filters").is_visible()


def test_severity_filter_shows_exactly_the_chosen_levels(
    session: Session, result: ScanResult
) -> None:
    page = session.page
    by_level = {level: sum(1 for f in result.active if result.level(f) is level) for level in Level}
    assert by_level[Level.CRITICAL] >= 2 and by_level[Level.HIGH] >= 2
    assert _visible_rows(page) == len(result.active)
    for level in (Level.HIGH, Level.MEDIUM, Level.LOW):
        page.locator(f"#filters input[name=level][value={level.value}]").uncheck()
    assert _visible_rows(page) == by_level[Level.CRITICAL]
    assert page.locator("#finding-count").inner_text() == (
        f"Showing {by_level[Level.CRITICAL]} of {len(result.active)} findings"
    )
    page.locator("#filters input[name=level][value=high]").check()
    assert _visible_rows(page) == by_level[Level.CRITICAL] + by_level[Level.HIGH]
    page.locator("#filters button[type=reset]").click()
    assert _visible_rows(page) == len(result.active)
    assert session.console_errors == []


def test_free_text_search_and_the_other_filters_narrow_the_rows(
    session: Session, result: ScanResult
) -> None:
    page = session.page
    search = page.locator("#filter-text")
    search.fill("x<script>")
    in_hostile_file = sum(1 for f in result.active if f.path == HOSTILE_PATH)
    assert _visible_rows(page) == in_hostile_file
    search.fill("verify_signature hostile-word-that-matches-nothing")
    assert _visible_rows(page) == 0
    assert page.locator("#no-match").is_visible()
    search.fill("")
    page.select_option("#filter-rule", "JWT001")
    assert _visible_rows(page) == sum(1 for f in result.active if f.rule_id == "JWT001")
    page.select_option("#filter-rule", "")
    page.select_option("#filter-path", "app/auth.py")
    assert _visible_rows(page) == sum(1 for f in result.active if f.path == "app/auth.py")
    page.select_option("#filter-path", "")
    page.select_option("#filter-control", "PR.DS-01")
    with_csf = [
        f for f in result.active if "PR.DS-01" in result.rule(f.rule_id).frameworks.nist_csf
    ]
    assert _visible_rows(page) == len(with_csf) > 0


def test_a_failing_matrix_item_links_to_its_findings(session: Session, result: ScanResult) -> None:
    page = session.page
    page.locator('#controls a[data-filter-control="NHI4:2025"]').first.click()
    expected = [
        f
        for f in result.active
        if "NHI4:2025" in mapped_ids(result.rule(f.rule_id).frameworks, Framework.OWASP_NHI)
    ]
    assert _visible_rows(page) == len(expected) > 0
    assert page.locator("#filter-control").input_value() == "NHI4:2025"


def test_findings_expand_from_the_keyboard(session: Session, result: ScanResult) -> None:
    page = session.page
    first = page.locator("tbody.finding").first
    button = first.locator("button.disclosure")
    detail = first.locator("tr.detail")
    assert button.get_attribute("aria-expanded") == "false" and detail.is_hidden()
    page.locator("#filter-text").focus()
    page.keyboard.press("Tab")  # onto "Clear filters"
    for _ in range(5):
        if page.evaluate("document.activeElement.classList.contains('disclosure')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
        first.locator("tr.detail").get_attribute("id")
    )
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and detail.is_visible()
    top = result.rule(page.locator("tbody.finding").first.get_attribute("data-rule"))
    assert "how to fix" in detail.inner_text().lower()
    assert detail.locator("a.rule-link").get_attribute("href") == f"#rule-{top.id}"
    page.keyboard.press("Space")
    assert detail.is_hidden()


def test_payloads_in_paths_and_snippets_stay_inert_text(session: Session) -> None:
    page = session.page
    page.locator("#filter-text").fill("x<script>")
    for row in page.locator("tbody.finding:visible").all():
        row.locator("button.disclosure").click()
    page.wait_for_timeout(100)
    assert session.dialogs == []
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.images.length") == 0
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    text = page.locator("#findings").inner_text()
    assert SCRIPT_PAYLOAD in text and ATTRIBUTE_PAYLOAD in text and IMG_PAYLOAD in text
    assert CODE_PAYLOAD in text
    assert session.console_errors == []


def test_print_layout_is_one_line_per_finding_and_hides_controls(
    session: Session, result: ScanResult
) -> None:
    page = session.page
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden()
    assert page.locator("tbody.finding tr.detail:visible").count() == 0
    heights = page.evaluate(
        "[...document.querySelectorAll('tr.finding-row')].map(r => r.getBoundingClientRect().height)"
    )
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('tr.finding-row td')).lineHeight)"
    )
    assert len(heights) == len(result.active)
    assert max(heights) < 2 * line, (heights, line)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_each_rule_is_documented_once_in_the_appendix(
    page_tree: Element, html: str, result: ScanResult
) -> None:
    documented = [e.attrs["id"] for e in page_tree.iter() if "rule-doc" in e.classes()]
    assert documented == [f"rule-{r.id}" for r in result.rules if r.id in _found_rules(result)]
    for rule_id in _found_rules(result):
        plain = re.findall(r"[A-Za-z ,]{20,}", result.rule(rule_id).remediation)[0]
        assert html.count(plain) == 1, rule_id


def _found_rules(result: ScanResult) -> set[str]:
    return {f.rule_id for f in result.findings}


def test_the_detail_shows_the_masked_lines_around_the_finding(
    session: Session, result: ScanResult, planted: Planted
) -> None:
    page = session.page
    first = page.locator("tbody.finding").first
    first.locator("button.disclosure").click()
    finding = next(f for f in result.active if f.fingerprint in first.inner_text())
    shown = page.evaluate(
        "[...document.querySelector('tbody.finding .context').querySelectorAll('.ctx-line')]"
        ".map(l => [Number(l.querySelector('.line-no').textContent),"
        " l.textContent.slice(l.querySelector('.line-no').textContent.length)])"
    )
    assert [tuple(line) for line in shown] == [(n, text) for n, text in finding.context]
    assert first.locator(".ctx-hit .line-no").inner_text() == str(finding.location.line)
    assert all(secret not in text for _, text in shown for secret in planted.all)


def test_grouped_views_count_per_rule_and_file_and_filter_the_findings(
    session: Session, result: ScanResult
) -> None:
    page = session.page
    per_rule = Counter(f.rule_id for f in result.active)
    rows = page.locator("#by-rule tbody tr")
    shown = {
        r.get_attribute("data-sort-key"): int(r.get_attribute("data-sort-count") or 0)
        for r in rows.all()
    }
    assert shown == dict(per_rule)
    per_file = Counter(f.path for f in result.active)
    files = page.locator("#by-file tbody tr").all()
    assert {
        r.get_attribute("data-sort-key"): int(r.get_attribute("data-sort-count") or 0)
        for r in files
    } == dict(per_file)
    page.locator('#by-file a[data-filter-path="app/auth.py"]').click()
    assert _visible_rows(page) == per_file["app/auth.py"]
    page.locator('#by-rule a[data-filter-rule="JWT002"]').click()
    assert _visible_rows(page) == per_rule["JWT002"]
    assert page.locator("#filter-path").input_value() == ""
    assert session.console_errors == []


def test_sorting_orders_the_groups_and_the_findings(session: Session, result: ScanResult) -> None:
    page = session.page
    page.locator('#by-rule button[data-sort="key"]').click()
    keys = [r.get_attribute("data-sort-key") for r in page.locator("#by-rule tbody tr").all()]
    assert keys == sorted(keys)
    page.locator('#by-rule button[data-sort="key"]').click()
    keys = [r.get_attribute("data-sort-key") for r in page.locator("#by-rule tbody tr").all()]
    assert keys == sorted(keys, reverse=True)
    page.locator('#findings-table button[data-sort="location"]').click()
    order = [
        (r.get_attribute("data-path"), r.get_attribute("data-sort-location"))
        for r in page.locator("tbody.finding").all()
    ]
    assert [o[1] for o in order] == sorted(o[1] for o in order)
    assert (
        page.locator('#findings-table th[aria-sort="ascending"] button').get_attribute("data-sort")
        == "location"
    )
    assert page.locator("tbody.finding").count() == len(result.active)
    assert session.console_errors == []


def test_full_page_screenshot(session: Session, html: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "html-report.html").write_text(html, encoding="utf-8")
    page = session.page
    page.locator("tbody.finding button.disclosure").first.click()
    page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
    page.emulate_media(color_scheme="dark")
    page.screenshot(path=str(ARTIFACTS / "html-report-dark.png"), full_page=True)
    assert (ARTIFACTS / "html-report.png").stat().st_size > 50_000
    assert session.console_errors == []


def test_a_clean_scan_renders_an_empty_state_without_errors(browser: Any, tmp_path: Path) -> None:
    root = tmp_path / "clean"
    _write(
        root,
        "app/auth.py",
        "import os\nimport jwt\n\n\n"
        "def claims(token):\n"
        '    return jwt.decode(token, os.environ["JWT_KEY"], algorithms=["HS256"],'
        ' audience="api", issuer="https://id.example", options={"require": ["exp"]})\n',
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    clean = engine.scan([root], Config(), catalog.load(), jobs=1)
    assert clean.findings == () and clean.notifications == ()
    report = tmp_path / "clean.html"
    report.write_text(render_html(clean), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.as_uri())
    assert errors == []
    assert page.locator("tbody.finding").count() == 0
    assert page.locator("#findings .empty-state").inner_text().startswith("No open findings")
    nhi = page.locator("#matrix-owasp_nhi + .table-scroll .status").all_inner_texts()
    assert nhi.count("Fail") == 0 and nhi.count("Not covered") == 3
    page.close()


def _many_findings(root: Path, files: int, per_file: int) -> None:
    """`files` modules, each with `per_file` functions that decode a JWT unverified (JWT001)."""
    for number in range(files):
        body = "".join(
            f"def peek_{i}(token):\n"
            f'    return jwt.decode(token, options={{"verify_signature": False}})\n\n\n'
            for i in range(per_file)
        )
        _write(root, f"services/team_{number:02d}/handlers/tokens.py", "import jwt\n\n\n" + body)


def test_a_150_finding_report_prints_to_fewer_than_15_pages(browser: Any, tmp_path: Path) -> None:
    root = tmp_path / "big"
    _many_findings(root, files=15, per_file=10)
    big = engine.scan([root], Config(), catalog.load(), jobs=1)
    assert len(big.active) == 150
    report = tmp_path / "big.html"
    report.write_text(render_html(big), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(report.as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    (ARTIFACTS / "html-report-150.pdf").parent.mkdir(exist_ok=True)
    (ARTIFACTS / "html-report-150.pdf").write_bytes(pdf)
    assert errors == []
    assert 1 < pages < 15, pages


def test_an_ignore_that_accepts_nothing_is_not_a_file_not_fully_analysed(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(
        "TIMEOUT = 30  # nhiguard: ignore[JWT007] left from an old fixture\n", encoding="utf-8"
    )
    result = engine.scan([tmp_path], Config(), catalog.load())
    page = render_html(result)

    assert [n.kind for n in result.notifications] == [NotificationKind.UNUSED_IGNORE]
    assert "Every file was analysed in full." in page
    unheeded = page.split('id="unheeded-title"', 1)[1].split("</table>", 1)[0]
    assert "<code>settings.py</code>" in unheeded
    assert "unused-ignore" in unheeded
