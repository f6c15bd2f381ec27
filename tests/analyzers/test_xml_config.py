"""XML configuration read as Maven, Tomcat, Spring and .NET read it: values, places, findings.

The reader hands SEC001's judges an element's text under its path, an
attribute under its element, a key/value pair under its key, and a
connection string's password on its own; the judges apply the one value
policy that every config format shares.
"""

from __future__ import annotations

import secrets
import time

import pytest

from scanner import catalog
from scanner.analyzers.base import Source
from scanner.analyzers.config.readers.xml_reader import read
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import FileKind, NotificationKind
from tests import every_output
from tests.gateway_scan import reported, scanned
from tests.setting_places import Place, places


def _read(text: str) -> list[Place]:
    (settings,) = read(Source.of("conf/app.xml", FileKind.XML, text))
    return places(settings)


# --- the reader: settings and where their characters are --------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<s>\n  <db><password>Xk9mQ2</password></db>\n</s>\n", [(("s", "db", "password"), "Xk9mQ2", (2, 17, 2, 23))]),
        ("<s><password>\n    Xk9 mQ2  \n  </password></s>", [(("s", "password"), "Xk9 mQ2", (2, 5, 2, 12))]),
        ("<s><password><![CDATA[a<b&c]]></password></s>", [(("s", "password"), "a<b&c", (1, 23, 1, 28))]),
        ("<s><password>a&amp;b</password></s>", [(("s", "password"), "a&b", (1, 14, 1, 21))]),
        ('<s><pwd/><token></token></s>', []),
    ],
    ids=["text", "multi-line-text", "cdata", "entity", "empty"],
)  # fmt: skip
def test_an_elements_text_is_a_setting_at_its_own_characters(text, expected) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<Context>\n  <Resource name="jdbc/x"\n     password="Xk9mQ2" />\n</Context>', [(("Context", "Resource", "password"), "Xk9mQ2", (3, 16, 3, 22))]),
        ("<u><user username='ops' password='p&amp;w' roles='admin'/></u>", [(("u", "user", "password"), "p&w", (1, 35, 1, 42))]),
        ('<b xmlns:p="urn:p"><ds p:password="Xk9mQ2"/></b>', [(("b", "ds", "password"), "Xk9mQ2", (1, 36, 1, 42))]),
    ],
    ids=["double-quotes-across-lines", "single-quotes-and-entity", "namespace-prefix"],
)  # fmt: skip
def test_an_attribute_is_a_setting_of_its_element_inside_its_quotes(text, expected) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<configuration><appSettings>\n  <add key="ApiKey" value="v4lue" />\n</appSettings></configuration>', [(("configuration", "appSettings", "ApiKey"), "v4lue", (2, 28, 2, 33))]),
        ('<beans><bean>\n<property name="password" value="v4lue"/>\n</bean></beans>', [(("beans", "bean", "password"), "v4lue", (2, 34, 2, 39))]),
        ('<beans><bean><property name="secretKey">\n  <value>v4lue</value>\n</property></bean></beans>', [(("beans", "bean", "secretKey"), "v4lue", (2, 10, 2, 15))]),
        ('<map><entry key="token">v4lue</entry></map>', [(("map", "token"), "v4lue", (1, 25, 1, 30))]),
    ],
    ids=["dotnet-add", "spring-property-value", "spring-value-element", "entry-text"],
)  # fmt: skip
def test_a_key_attribute_names_the_value_its_element_holds(text, expected) -> None:
    assert _read(text) == expected


def test_a_connection_strings_password_is_a_setting_of_its_own() -> None:
    text = (
        "<configuration><connectionStrings>\n"
        '  <add name="Orders" connectionString="Server=db;User Id=sa;Password=Xk9mQ2;Encrypt=true"/>\n'
        "</connectionStrings></configuration>"
    )
    assert _read(text) == [
        (
            ("configuration", "connectionStrings", "add", "connectionString", "Password"),
            "Xk9mQ2",
            (2, 70, 2, 76),
        )
    ]


def test_a_jdbc_urls_password_is_left_to_sec002() -> None:
    url = "jdbc:sqlserver://db.internal.corp:1433;databaseName=orders;password=yoSDM16036cyzuCQZ1"
    text = f'<beans><bean id="ds">\n<property name="url" value="{url}"/>\n</bean></beans>\n'
    assert reported("applicationContext.xml", text) == {("SEC002", 2, "yo********Z1")}


# --- SEC001 over XML files: rule, line and masked evidence --------------------


def test_a_maven_servers_password_isreported() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">\n'
        "  <servers>\n    <server>\n      <id>nexus-releases</id>\n"
        "      <username>deploy</username>\n"
        "      <password>bhpeQ7xLm2vR9tKz4w</password>\n"
        "    </server>\n  </servers>\n</settings>\n"
    )
    assert reported("ledger-svc/settings.xml", text) == {("SEC001", 7, "bh********4w")}


@pytest.mark.parametrize(
    "value",
    [
        "{COQLCE6DU6GtcS5P=}",  # mvn --encrypt-password
        "{[name=master,cipher=AES/GCM/NoPadding,version=4.0]vvq66pZ7rkvzSPStGTI9q4QDnsmuDwo+LtjraRel2b0XpcGJFdXcYAHAS75HUA6GLpcVtEimAhI=}",
        "${env.NEXUS_PASSWORD}",
        "${nexus.password}",
        "#{systemEnvironment['NEXUS_PASSWORD']}",
        "changeme",
        "&lt;your-password&gt;",
    ],
    ids=["maven-3-encrypted", "maven-4-encrypted", "env", "property", "spring-expression", "dummy", "placeholder"],
)  # fmt: skip
def test_an_encrypted_referenced_or_placeholder_maven_password_is_notreported(value) -> None:
    text = f"<settings><servers><server><id>n</id><password>{value}</password></server></servers></settings>\n"
    assert reported("settings.xml", text) == set()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            "conf/context.xml",
            "<Context>\n"
            '  <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"\n'
            '            username="orders" password="Hn4wQ8zKp2vRt6y"\n'
            '            url="jdbc:postgresql://db.internal:5432/orders"/>\n'
            "</Context>\n",
        ),
        (
            "conf/tomcat-users.xml",
            "<tomcat-users>\n"
            '  <role rolename="manager-gui"/>\n'
            '  <user username="admin" password="Brightwater7" roles="manager-gui"/>\n'
            "</tomcat-users>\n",
        ),
    ],
    ids=["resource-with-auth-mode", "user"],
)
def test_a_tomcat_password_attribute_is_reported(path, text) -> None:
    assert reported(path, text) == {("SEC001", 3, "********")}


def test_a_web_config_app_setting_and_connection_string_password_arereported() -> None:
    text = (
        "<configuration>\n  <appSettings>\n"
        '    <add key="StripeApiKey" value="Jd8kW3mQz7vLp2xRt5n" />\n'
        '    <add key="Environment" value="Production" />\n'
        "  </appSettings>\n  <connectionStrings>\n"
        '    <add name="Orders" connectionString="Server=db;Database=orders;User Id=sa;Password=Tq7vN2pXe9LmR4s;"/>\n'
        '    <add name="Reports" connectionString="Server=db;Database=reports;Integrated Security=true"/>\n'
        "  </connectionStrings>\n</configuration>\n"
    )
    assert reported("Web.config", text) == {
        ("SEC001", 3, "Jd********5n"),
        ("SEC001", 7, "********"),
    }


def test_a_spring_bean_property_password_isreported() -> None:
    text = (
        '<beans xmlns="http://www.springframework.org/schema/beans">\n'
        '  <bean id="ds" class="org.apache.commons.dbcp2.BasicDataSource">\n'
        '    <property name="username" value="orders"/>\n'
        '    <property name="password" value="Vt6pQ9wLk2mXr8z"/>\n'
        "  </bean>\n</beans>\n"
    )
    assert reported("src/main/resources/applicationContext.xml", text) == {
        ("SEC001", 4, "********")
    }


def test_a_java_ee_resource_auth_mode_is_not_a_credential() -> None:
    text = (
        "<web-app>\n  <resource-ref>\n    <res-ref-name>jdbc/orders</res-ref-name>\n"
        "    <res-auth>Container</res-auth>\n  </resource-ref>\n</web-app>\n"
    )
    assert reported("WEB-INF/web.xml", text) == set()


def test_a_password_of_settings_xml_reused_in_an_env_file_is_reported_by_sec003(tmp_path) -> None:
    password = "bhpeQ7xLm2vR9tKz4w"
    files = {
        "settings.xml": f"<settings><servers><server>\n<password>{password}</password>\n"
        "</server></servers></settings>\n",
        ".env": f"NEXUS_PASSWORD={password}\n",
    }
    assert scanned(files, tmp_path) == {
        (".env", "SEC001", 1),
        ("settings.xml", "SEC001", 2),
        ("settings.xml", "SEC003", 2),
    }


# --- hostile XML: refused or bounded, never expanded -------------------------


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE settings [<!ENTITY a "Xk9mQ2vLp7wRt4zB"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE settings [<!ENTITY pw SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE settings SYSTEM "http://example.com/settings.dtd">',
    ],
    ids=["entity-expansion", "external-entity", "external-dtd"],
)
def test_a_document_type_declaration_is_refused_with_a_note_and_no_finding(doctype) -> None:
    text = f'<?xml version="1.0"?>\n{doctype}\n<settings><password>&b;</password></settings>\n'
    outcome = scan_text("settings.xml", text, Config(), catalog.load())
    assert list(outcome.findings) == []
    assert [(n.kind, n.detail) for n in outcome.notifications] == [
        (NotificationKind.PARSE_ERROR, "XML with a DTD, entity or external reference")
    ]


def test_a_deeply_nested_document_is_refused_at_its_line() -> None:
    text = "<a>\n" * 5000 + "<password>Xk9mQ2vLp7wRt4zB</password>" + "</a>" * 5000
    outcome = scan_text("deep.xml", text, Config(), catalog.load())
    assert [(n.kind, n.detail, n.line) for n in outcome.notifications] == [
        (NotificationKind.PARSE_ERROR, "XML nested too deeply", 201)
    ]


def test_a_huge_text_value_is_judged_in_bounded_time() -> None:
    text = "<settings><password>" + "Xk9mQ2vL" * 250_000 + "</password></settings>\n"
    started = time.monotonic()
    outcome = scan_text("settings.xml", text, Config(), catalog.load())
    assert time.monotonic() - started < 20
    assert [(f.rule_id, f.location.line) for f in outcome.findings] == [("SEC001", 1)]


# --- invariant 1: no raw password in any output ------------------------------


def test_no_password_of_an_xml_config_is_in_any_output(tmp_path) -> None:
    found = every_output.short_secret() + "Q7"
    near = "".join(secrets.choice(("blue", "monkey", "river", "tiger")) for _ in range(3))
    text = (
        "<settings>\n  <servers>\n    <server>\n      <id>b</id>\n"
        f"      <password>{found}</password>\n"
        f"      <passphrase>\n        {near}\n      </passphrase>\n"
        f'      <configuration passphrase="{near}"/>\n'
        "    </server>\n  </servers>\n</settings>\n"
    )
    every_output.write(tmp_path, {"settings.xml": text})
    outputs = every_output.scan(tmp_path)
    assert [(line, snippet) for _, line, *_, snippet in outputs.findings("SEC001")] == [
        (5, "********")
    ]
    for secret in (found, near):
        assert outputs.leaking(secret) == []
