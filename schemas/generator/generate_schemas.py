#!/usr/bin/env python3
"""Generator for /work/main/schemas/*.json (kuiperlint). Run from anywhere: `python3 schemas/generator/generate_schemas.py`.

The JSON files it writes are the deliverable; this script only keeps the two version lines
consistent. Every description is our own wording.
"""
import json
import os
import re
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
D2020 = "https://json-schema.org/draft/2020-12/schema"
URN = "urn:kuiperlint:"
LINES = ("1.x", "2.x")
WRITTEN = []


def uid(path):
    return URN + path


def write(path, schema):
    """path like 'sinks/mqtt.2.x' (no .json)."""
    full = os.path.join(OUT, path + ".json")
    os.makedirs(os.path.dirname(full), exist_ok=True)
    head = {"$schema": D2020, "$id": uid(path)}
    head.update(schema)
    explain_patterns(head)
    annotate_refusals(path, head)
    with open(full, "w", encoding="utf-8") as f:
        json.dump(head, f, indent=2, ensure_ascii=False)
        f.write("\n")
    WRITTEN.append(path)


# ---------------------------------------------------------------- helpers

def ann(d, since=None, until=None, secret=False, template=False, deprecated=False, default=None,
        has_default=False):
    if since:
        d["x-since"] = since
    if until:
        d["x-until"] = until
    if secret:
        d["x-secret"] = True
    if template:
        d["x-template"] = True
    if deprecated:
        d["deprecated"] = True
    if has_default or default is not None:
        d["default"] = default
    return d


def S(desc, **kw):
    d = {"type": "string", "description": desc}
    for k in ("enum", "pattern", "format", "minLength", "const"):
        if k in kw:
            d[k] = kw.pop(k)
    return ann(d, **kw)


def B(desc, **kw):
    return ann({"type": "boolean", "description": desc}, **kw)


def I(desc, minimum=None, maximum=None, enum=None, exmin=None, **kw):
    d = {"type": "integer", "description": desc}
    if minimum is not None:
        d["minimum"] = minimum
    if exmin is not None:
        d["exclusiveMinimum"] = exmin
    if maximum is not None:
        d["maximum"] = maximum
    if enum is not None:
        d["enum"] = enum
    return ann(d, **kw)


def N(desc, exmin=None, exmax=None, **kw):
    d = {"type": "number", "description": desc}
    if exmin is not None:
        d["exclusiveMinimum"] = exmin
    if exmax is not None:
        d["exclusiveMaximum"] = exmax
    return ann(d, **kw)


def STRLIST(desc, nullable=True, **kw):
    d = {"type": ["array", "null"] if nullable else "array", "items": {"type": "string"},
         "description": desc}
    return ann(d, **kw)


def OBJ(desc, props=None, addl=None, closed=False, **kw):
    d = {"type": "object", "description": desc}
    if props:
        d["properties"] = props
    if closed:
        d["additionalProperties"] = False
    elif addl is not None:
        d["additionalProperties"] = addl
    return ann(d, **kw)


def DUR(line, desc, nonneg=True, **kw):
    """A duration: 1.x integer milliseconds; 2.x Go duration string or integer milliseconds."""
    if line == "1.x":
        d = {"type": "integer", "description": desc + " Integer milliseconds."}
        if nonneg:
            d["minimum"] = 0
    else:
        d = {"type": ["integer", "string"], "format": "go-duration",
             "description": desc + " Go duration string (\"5s\") or integer milliseconds; a fraction"
                                   " or an unparsable string fails decoding."}
        if nonneg:
            d["minimum"] = 0
            d["pattern"] = "^[^-]"
    return ann(d, **kw)


def ci(word):
    out = []
    for ch in word:
        if ch.isalpha():
            out.append("[%s%s]" % (ch.upper(), ch.lower()))
        else:
            out.append(re.escape(ch))
    return "".join(out)


CI_ENUM_VALUES = {}

FORMAT_MESSAGES = {
    "go-duration": "must be a Go duration such as \"500ms\", \"5s\" or \"1m30s\" (or an integer of milliseconds where allowed)",
    "cron": "must be a 5-field cron spec such as \"*/5 * * * *\", or a descriptor such as \"@every 10m\"",
    "ekuiper-datetime": "must be a date and time written YYYY-MM-DD hh:mm:ss",
}


def CI_ENUM(values, allow_empty=False):
    alts = "|".join(ci(v) for v in values)
    pattern = ("^(?:%s)?$" if allow_empty else "^(?:%s)$") % alts
    CI_ENUM_VALUES[pattern] = values
    return pattern


def explain_patterns(node):
    """Adds an `x-message` beside every case-insensitive enum pattern, so the linter can say
    "must be one of GET, POST, PUT, DELETE" instead of quoting the regular expression."""
    if isinstance(node, dict):
        pattern, fmt = node.get("pattern"), node.get("format")
        values = CI_ENUM_VALUES.get(pattern) if isinstance(pattern, str) else None
        if values and "x-message" not in node:
            node["x-message"] = "must be one of %s (in any case)" % ", ".join(values)
        if isinstance(fmt, str) and fmt in FORMAT_MESSAGES and "x-message" not in node:
            node["x-message"] = FORMAT_MESSAGES[fmt]
        for v in node.values():
            explain_patterns(v)
    elif isinstance(node, list):
        for v in node:
            explain_patterns(v)


COMPRESS = ["zlib", "gzip", "flate", "zstd"]


def any_required(*names):
    return {"anyOf": [{"required": [n]} for n in names]}


def resolved(root_id, required, extra=None, skip_if=("resourceId", "connectionSelector")):
    """$defs/resolved: root plus the requiredness eKuiper checks on the merged props."""
    d = {"$ref": root_id,
         "$comment": "The same object as the root, plus the checks eKuiper runs on the final, merged "
                        "properties (missing required keys, cross-field rules)."}
    allof = []
    if required:
        req = {"required": required}
        if skip_if:
            allof.append({"if": {"not": any_required(*skip_if)}, "then": req})
        else:
            allof.append(req)
    if extra:
        allof.extend(extra)
    if allof:
        d["allOf"] = allof
    return d


def closed_object(schema):
    schema["unevaluatedProperties"] = False
    return schema


# ---------------------------------------------------------------- evidence

# Where eKuiper refuses a value that fails a keyword: schema -> JSON pointer of a schema object ->
# {keyword: "path.go:LINE@tag, ..."}. The linter looks for the keyword's entry in the nearest
# annotated object from the keyword up to the root (src/analysis/schema/mod.rs, `refused_by`);
# a finding with one is an error, any other a warning. `type-decoded` is a type check by a
# decoder that turns any number into an integer field (mapstructure truncates 1.5); `null`
# stops the search. Every reference is checked against eKuiper's source (tests/evidence.rs).
RULE_DECODE_2X = "internal/processor/rule.go:168@v2.4.0"
RULE_DECODE_1X = "internal/processor/rule.go:143@v1.14.0"
GRAPH_OP_DECODE = {
    "watermark": "internal/topo/planner/planner_graph.go:130@v2.4.0",
    "function": "internal/topo/planner/planner_graph.go:137@v2.4.0",
    "aggfunc": "internal/topo/planner/planner_graph.go:144@v2.4.0",
    "filter": "internal/topo/planner/planner_graph.go:152@v2.4.0",
    "pick": "internal/topo/planner/planner_graph.go:159@v2.4.0",
    "window": "internal/topo/planner/planner_graph.go:166@v2.4.0",
    "join": "internal/topo/planner/planner_graph.go:176@v2.4.0",
    "groupby": "internal/topo/planner/planner_graph.go:223@v2.4.0",
    "orderby": "internal/topo/planner/planner_graph.go:230@v2.4.0",
    "switch": "internal/topo/planner/planner_graph.go:237@v2.4.0",
    "script": None,
}
REFUSED = {
    "rule": {
        "": {"type": RULE_DECODE_2X + ", " + RULE_DECODE_1X,
             "oneOf": "internal/processor/rule.go:194@v2.4.0, internal/processor/rule.go:204@v2.4.0, "
                      "internal/processor/rule.go:182@v1.14.0, internal/processor/rule.go:192@v1.14.0"},
        "/then": {"required": "internal/processor/rule.go:200@v2.4.0, internal/processor/rule.go:188@v1.14.0",
                  "minItems": "internal/processor/rule.go:200@v2.4.0, internal/processor/rule.go:188@v1.14.0"},
        "/$defs/options/properties/concurrency": {
            "minimum": "internal/conf/conf.go:271@v2.4.0, internal/conf/conf.go:414@v1.14.0"},
        "/$defs/options/properties/bufferLength": {
            "minimum": "internal/conf/conf.go:276@v2.4.0, internal/conf/conf.go:419@v1.14.0"},
        "/$defs/options/properties/restartStrategy/properties/attempts": {
            "minimum": "internal/conf/conf.go:287@v2.4.0, internal/conf/conf.go:435@v1.14.0"},
        "/$defs/options/properties/cronDatetimeRange/items": {
            "anyOf": "internal/conf/conf.go:291@v2.4.0, internal/conf/conf.go:454@v1.14.0"},
        "/$defs/graph": {"required": None},
    },
    "rule.2.x": {
        "": {"type": RULE_DECODE_2X},
        # Durations of the options decode through cast.DurationConf, which refuses what does not
        # parse; restartStrategy is decoded for its attempts only from 2.3 (the rest is ignored).
        "/properties/options": {"format": "pkg/cast/type.go:32@v2.4.0"},
        "/properties/options/properties/restartStrategy": {"format": None, "minimum": None, "pattern": None},
        "/properties/options/properties/lateTolerance": {
            "minimum": "internal/conf/conf.go:281@v2.4.0", "pattern": "internal/conf/conf.go:281@v2.4.0"},
    },
    "rule.1.x": {
        "": {"type": RULE_DECODE_1X},
        "/properties/options/properties/lateTolerance": {"minimum": "internal/conf/conf.go:424@v1.14.0"},
        "/properties/options/properties/checkpointInterval": {"minimum": "internal/conf/conf.go:409@v1.14.0"},
        "/properties/options/properties/restartStrategy/properties/multiplier": {
            "exclusiveMinimum": "internal/conf/conf.go:430@v1.14.0"},
        "/properties/options/properties/restartStrategy/properties/delay": {
            "exclusiveMinimum": "internal/conf/conf.go:440@v1.14.0"},
        "/properties/options/properties/restartStrategy/properties/maxDelay": {
            "exclusiveMinimum": "internal/conf/conf.go:445@v1.14.0"},
        "/properties/options/properties/restartStrategy/properties/jitterFactor": {
            "exclusiveMinimum": "internal/conf/conf.go:450@v1.14.0",
            "exclusiveMaximum": "internal/conf/conf.go:450@v1.14.0"},
    },
}


def refusals(path):
    """REFUSED for one schema, with the graph operators' entries (graphNode's allOf follows OPS)."""
    table = dict(REFUSED.get(path, {}))
    if path == "rule":
        for op, ref in GRAPH_OP_DECODE.items():
            table["/$defs/graphNode/allOf/%d/then" % list(OPS).index(op)] = {"type-decoded": ref}
        table["/$defs/graphNode/allOf/%d/then/properties/props/properties/size" % list(OPS).index("window")] = {
            "minimum": "internal/topo/planner/planner_graph.go:628@v2.4.0"}
    return table


def annotate_refusals(path, schema):
    for pointer, keywords in refusals(path).items():
        node = schema
        for token in pointer.split("/")[1:]:
            node = node[int(token)] if isinstance(node, list) else node[token]
        node.setdefault("x-refused-by", {}).update(keywords)


# ---------------------------------------------------------------- shared fragments

def tls_props():
    return {
        "insecureSkipVerify": B("Skip verification of the server certificate; a non-boolean fails decoding."),
        "certificationPath": S("Path of the client certificate file on the eKuiper host; an unreadable file fails the connection."),
        "privateKeyPath": S("Path of the client private key file on the eKuiper host; an unreadable file fails the connection."),
        "rootCaPath": S("Path of the CA bundle used to verify the server; an unreadable file fails the connection."),
        "certificationRaw": S("Client certificate given inline (PEM or base64) instead of a path; bad content fails the TLS setup."),
        "privateKeyRaw": S("Client private key given inline (PEM or base64); bad content fails the TLS setup.", secret=True),
        "rootCARaw": S("CA certificate given inline (PEM or base64); bad content fails the TLS setup."),
        "tlsMinVersion": S("Lowest TLS version to negotiate (for example \"tls1.2\"); an unknown value fails the TLS setup. Seen at HEAD only."),
        "renegotiationSupport": S("TLS renegotiation policy (never, once, freely); an unknown value fails the TLS setup. Seen at HEAD only."),
        "tls": S("Name of a stored TLS profile to use instead of inline keys (HEAD); an unknown name fails the connection."),
        "decrypt": OBJ("Settings to decrypt encrypted key material (HEAD); a non-object fails decoding."),
    }


def write_tls():
    write("common/tls", {
        "title": "TLS properties (fragment)",
        "description": "TLS keys shared by mqtt, httppull, rest, websocket, edgex and other clients. A fragment: "
                       "it declares properties but does not reject unknown keys; compose it with allOf.",
        "type": "object",
        "properties": tls_props(),
    })


# ---------------------------------------------------------------- sinks

def sink_common_core():
    return {
        "concurrency": I("Number of sink instances running in parallel; v1.14 rejects values <= 0, 2.x warns and uses 1.",
                         minimum=1, default=1),
        "bufferLength": I("Capacity of the sink input buffer; v1.14 rejects values <= 0.", default=1024),
        "omitIfEmpty": B("Do not send when the result is empty; a non-boolean fails decoding.", default=False),
        "sendSingle": B("Send each row of a result on its own instead of the whole batch; a non-boolean fails decoding.", default=False),
        "dataTemplate": S("Go text/template applied to each result before sending; a template error fails the sink at run time.", default=""),
        "schemaId": S("Schema used by the protobuf/custom formats, written <schemaName>.<messageName>; required for those formats.", default=""),
        "delimiter": S("Field separator for the delimited format; only used with format delimited.", default=",", since="1.8.0"),
        "fields": STRLIST("Only these fields are sent, in this order (after dataTemplate); non-strings fail decoding.", since="1.10.0"),
        "dataField": S("Send only this field (or nested path) of each result; a missing field yields no data.", since="1.10.0"),
        "tableDataField": S("Older spelling of dataField, read only when dataField is empty.", deprecated=True),
        "batchSize": I("Send once this many rows are collected (0 disables batching); a negative value is rejected.",
                       minimum=0, default=0, since="1.10.0"),
        "enableCache": B("Cache results on disk/memory while the target is unreachable; defaults to the global sink setting.",
                         since="1.6.0"),
        "memoryCacheThreshold": I("Rows kept in memory before spilling to disk; a negative value is replaced by the global default.",
                                  since="1.6.0"),
        "maxDiskCache": I("Maximum rows cached on disk; a negative value is replaced by the global default.", since="1.6.0"),
        "bufferPageSize": I("Rows per cache page (the unit of disk I/O); values <= 0 are replaced by the global default.",
                            since="1.6.0"),
        "cleanCacheAtStop": B("Drop cached rows when the rule stops; a non-boolean fails decoding.", since="1.6.0"),
        "resendAlterQueue": B("Resend cached rows through a separate queue so new data keeps flowing.", since="1.11.0"),
        "resendPriority": I("Priority between resending and new data: -1 new data first, 0 equal, 1 resend first.",
                            enum=[-1, 0, 1], since="1.11.0"),
        "resendIndicatorField": S("Boolean field added to each resent row to mark it as resent.", since="1.11.0"),
        "resourceId": S("Name of a saved sink configuration (sinkConfig/<type>) whose properties are loaded first and then "
                        "overridden inline; an unknown name only logs a warning."),
        "connectionSelector": S("Reuse a named connection: 1.x \"<type>.<name>\", 2.x the bare connection id; an unknown "
                                "connection fails the rule start."),
    }


def sink_common_line(line):
    if line == "1.x":
        fmt = S("Payload encoding; v1.14 rejects anything but json, protobuf, binary, custom, delimited.",
                pattern=CI_ENUM(["json", "protobuf", "binary", "custom", "delimited"]), default="json", since="1.6.0")
        p = {
            "format": fmt,
            "bufferLength": {"exclusiveMinimum": 0,
                             "description": "v1.14 rejects a sink bufferLength <= 0."},
            "lingerInterval": DUR(line, "Longest wait before a partial batch is sent; negative is rejected.", since="1.10.0", default=0),
            "resendInterval": DUR(line, "Pause between resending cached rows.", since="1.6.0"),
            "runAsync": B("Send asynchronously (removed in 1.11.0, then ignored).", until="1.11.0", deprecated=True, default=False),
            "retryInterval": I("Retry pause in ms before the cache existed (removed in 1.6.0, then ignored).", minimum=0,
                               until="1.6.0", deprecated=True),
            "retryCount": I("Retries before giving up (1.2-1.5; removed in 1.6.0, then ignored).", minimum=0,
                            since="1.2.0", until="1.6.0", deprecated=True),
            "cacheLength": I("Old in-memory cache size (removed in 1.6.0, then ignored).", minimum=0, until="1.6.0",
                             deprecated=True),
            "cacheSaveInterval": I("Old cache persistence period in ms (removed in 1.6.0, then ignored).", minimum=0,
                                   until="1.6.0", deprecated=True),
        }
    else:
        # The converters registered at v2.4.0: internal/converter/converter.go:35-44 and, in the
        # default build, ext_converter.go:32 (protobuf). xml and custom have none in 2.x; a
        # plugin could register a format, so another value is a warning (no x-refused-by).
        fmt = S("Payload encoding of sinks that send bytes (json, protobuf, binary, delimited, urlencoded); another "
                "format fails when the rule is created unless a plugin registers it. Not a message template: that "
                "is dataTemplate.",
                pattern=CI_ENUM(["json", "protobuf", "binary", "delimited", "urlencoded"]), default="json")
        p = {
            "format": fmt,
            "lingerInterval": DUR(line, "Longest wait before a partial batch is sent; negative is rejected.", default=0),
            "resendInterval": DUR(line, "Pause between resending cached rows."),
            "hasHeader": B("Write a header line for the delimited format.", default=False),
            "excludeFields": STRLIST("Fields removed from each result before sending.", since="2.2.0"),
            "compression": S("Compress the encoded payload (zlib, gzip, flate, zstd); an unknown value fails the rule start.",
                             enum=[""] + COMPRESS, default=""),
            "compressionProps": OBJ("Extra options for the compressor.", since="2.2.0"),
            "encryption": S("Encrypt the payload; only aes is known and needs basic.aesKey in kuiper.yaml.",
                            enum=["", "aes"], default=""),
            "encProps": OBJ("Extra options for the encryptor.", since="2.1.0"),
            "resendDestination": S("Alternative destination (topic, url, channel) used when resending cached rows."),
        }
    return p


SCHEMA_ID_RULE = {
    "if": {"required": ["format"], "properties": {"format": {"pattern": CI_ENUM(["protobuf", "custom"])}}},
    "then": {"required": ["schemaId"]},
}


def write_sink_commons():
    write("sinks/common", {
        "title": "Common sink properties, both version lines (fragment)",
        "description": "Properties every sink accepts with the same meaning in 1.x and 2.x. A fragment: it does not "
                       "reject unknown keys; the per-line commons and the sink schemas compose it with allOf.",
        "type": "object",
        "properties": sink_common_core(),
        "allOf": [SCHEMA_ID_RULE],
    })
    for line in LINES:
        write("sinks/common.%s" % line, {
            "title": "Common sink properties, %s line (fragment)" % line,
            "description": "Common sink properties as decoded by eKuiper %s. A fragment: each sink schema composes it "
                           "and closes the object with unevaluatedProperties." % line,
            "type": "object",
            "allOf": [{"$ref": uid("sinks/common")}],
            "properties": sink_common_line(line),
        })


def sink_schema(line, typ, title, desc, props, required=None, tls=False, extra_resolved=None,
                skip_if=("resourceId", "connectionSelector"), root_extra=None):
    sid = uid("sinks/%s.%s" % (typ, line))
    allof = [{"$ref": uid("sinks/common.%s" % line)}]
    if tls:
        allof.append({"$ref": uid("common/tls")})
    if root_extra:
        allof.extend(root_extra)
    s = {
        "title": title,
        "description": desc,
        "type": "object",
        "allOf": allof,
        "properties": props,
        "unevaluatedProperties": False,
        "$defs": {"resolved": resolved(sid, required, extra_resolved, skip_if)},
    }
    write("sinks/%s.%s" % (typ, line), s)


def mqtt_pv_enum(line):
    return ["3.1", "3.1.1", "4"] if line == "1.x" else ["3.1", "3.1.1", "4", "5"]


def write_sinks():
    for line in LINES:
        v1 = line == "1.x"
        # ---- mqtt
        p = {
            "server": S("Broker URL such as tcp://host:1883 or ssl://host:8883; missing means the sink fails to start "
                        "(\"missing server property\").", default="tcp://127.0.0.1:1883"),
            "topic": S("Topic to publish to; may be a data template; wildcards # and + are rejected.",
                       pattern="^[^#+]*$", template=True),
            "qos": I("Publish QoS; eKuiper rejects anything but 0, 1, 2.", enum=[0, 1, 2], default=0),
            "retained": B("Set the retained flag on published messages.", default=False),
            "clientId": S("MQTT client id; a random uuid when empty. (Connections spell it clientid; keys match case-insensitively.)"),
            "protocolVersion": S("MQTT protocol version as a string: 3.1, 3.1.1 (=4)%s; a number fails decoding, another "
                                 "string is rejected." % ("" if v1 else ", 5 (HEAD)"),
                                 enum=mqtt_pv_enum(line), default="3.1.1"),
            "username": S("Broker user name."),
            "password": S("Broker password; a wrong one fails the connection.", secret=True),
        }
        if v1:
            p["compression"] = S("Compress the payload (zlib, gzip, flate, zstd); an unknown value fails the sink.",
                                 enum=[""] + COMPRESS)
            p["resendDestination"] = S("Topic used when resending cached rows.", since="1.11.0")
            p["kubeedgeVersion"] = S("KubeEdge integration version (legacy).")
            p["kubeedgeModelFile"] = S("KubeEdge model file (legacy).")
        else:
            p["properties"] = OBJ("MQTT v5 user properties added to each message (HEAD); values must be strings.",
                                  addl={"type": "string"})
        sink_schema(line, "mqtt", "mqtt sink (%s)" % line,
                    "Props of an mqtt action or mqtt sinkConfig entry for eKuiper %s." % line,
                    p, required=["server"], tls=True,
                    extra_resolved=[{"if": {"not": any_required("resourceId")}, "then": {"required": ["topic"]},
                                     "description": "topic is needed unless a resourceId profile may supply it."}],
                    skip_if=("resourceId", "connectionSelector"))
        # ---- rest
        oauth = OBJ("OAuth-style token fetching: access is required when oauth is set; bodies may hold credentials.", props={
            "access": OBJ("Request that obtains the access token.", props={
                "url": S("Token endpoint, always called with POST."),
                "body": S("Request body; often holds user/password.", secret=True),
                "expire": S("Token lifetime in seconds as a string; may be a template.", template=True),
                "headers": OBJ("Headers of the token request.", addl={"type": "string"}, secret=True),
            }, closed=True),
            "refresh": OBJ("Request that refreshes the token.", props={
                "url": S("Refresh endpoint, always called with POST."),
                "headers": OBJ("Headers of the refresh request; may be templates over the access response.",
                               addl={"type": "string"}, secret=True),
                "body": S("Refresh request body.", secret=True),
            }, closed=True),
        }, closed=True, secret=True)
        oauth["required"] = ["access"]
        p = {
            "url": S("Target URL; may be a data template; missing means \"url is required\".", template=True),
            "method": S("HTTP method; eKuiper upper-cases it and rejects anything but GET, POST, PUT, DELETE (the "
                        "metadata also offers HEAD, which fails).", pattern=CI_ENUM(["GET", "POST", "PUT", "DELETE"]),
                        default="POST"),
            "bodyType": S("How the body is encoded; an unknown type is rejected; some need a matching format.",
                          enum=["none", "json", "text", "html", "xml", "javascript", "form", "binary", "formdata"],
                          default="json"),
            "timeout": DUR(line, "Request timeout.", default=5000),
            "headers": OBJ("Extra HTTP headers; values may be templates and often carry credentials.",
                           addl={"type": "string"}, secret=True),
            "responseType": S("How success is judged: code (HTTP status) or body (status field in the body); other values are rejected.",
                              enum=["code", "body"], default="code"),
            "debugResp": B("Log the response body for debugging."),
            "oauth": oauth,
        }
        if v1:
            p["compression"] = S("Compress the body (zlib, gzip, flate, zstd); an unknown value fails the sink.",
                                 enum=[""] + COMPRESS)
            p["resendDestination"] = S("URL used when resending cached rows.", since="1.11.0")
        else:
            p["formData"] = OBJ("Extra form fields for bodyType formdata.")
            p["fileFieldName"] = S("Form field that carries the payload file for bodyType formdata.")
        sink_schema(line, "rest", "rest sink (%s)" % line,
                    "Props of a rest action or rest sinkConfig entry for eKuiper %s." % line,
                    p, required=["url"], tls=True, skip_if=("resourceId",))
        # ---- file
        zero_dur = {"anyOf": [{"const": 0}, {"type": "string",
                                               "pattern": "^[-+]?(?:0+(?:\\.0*)?(?:ns|us|µs|μs|ms|s|m|h)?)+$"}]}
        p = {
            "path": S("Output file path; may be a data template; missing fails the sink.", template=True),
            "fileType": S("File layout: lines, json or csv; other values are rejected.", enum=["lines", "json", "csv"],
                          default="lines"),
            "hasHeader": B("Write a header line (csv).", default=False),
            "rollingInterval": DUR(line, "Start a new file after this long (0 = never).", default=0),
            "rollingCount": I("Start a new file after this many messages (0 = never). The Go default is 1000000 "
                              "(the UI metadata says 10000).", minimum=0, default=1000000),
            "checkInterval": DUR(line, "How often the rolling interval is checked; must be > 0 when rollingInterval is set.",
                                 default=300000 if v1 else "5m"),
            "rollingNamePattern": S("Where the roll timestamp goes in the file name: prefix, suffix or none; other values are rejected.",
                                    enum=["", "prefix", "suffix", "none"]),
            "compression": S("Compress the file; the file sink supports only gzip and zstd, others are rejected.",
                             enum=["", "gzip", "zstd"]),
        }
        if not v1:
            p["rollingSize"] = I("Start a new file after this many bytes (0 = never; HEAD).", minimum=0, default=0)
            p["rollingHook"] = S("Name of a registered hook run after a file is rolled (HEAD); an unknown hook fails the sink.")
            p["rollingHookProps"] = OBJ("Options passed to the rolling hook (HEAD).")
        extra = [{
            "not": {
                "required": ["rollingCount"],
                "properties": {"rollingCount": {"const": 0},
                               "rollingInterval": zero_dur, "rollingSize": zero_dur},
            },
            "description": "At least one of rollingInterval, rollingCount, rollingSize must be > 0 (rollingCount "
                           "defaults to 1000000, so this only fires when it is set to 0).",
        }]
        if not v1:
            extra.append({
                "if": {"required": ["fileType"], "properties": {"fileType": {"const": "csv"}}},
                "then": {"required": ["format"], "properties": {"format": {"pattern": CI_ENUM(["delimited"])}}},
                "description": "fileType csv needs format delimited (checked at HEAD).",
            })
        sink_schema(line, "file", "file sink (%s)" % line,
                    "Props of a file action or file sinkConfig entry for eKuiper %s." % line,
                    p, required=["path"], extra_resolved=extra, skip_if=("resourceId",))
        # ---- log
        sink_schema(line, "log", "log sink (%s)" % line,
                    "Props of a log action: only the common sink properties.", {})
        # ---- nop
        sink_schema(line, "nop", "nop sink (%s)" % line, "Props of a nop action (discards results).",
                    {"log": B("Also log each result that is discarded.", default=False)})
        # ---- memory
        p = {
            "topic": S("In-memory topic consumed by memory sources/tables; missing fails the sink."),
            "rowkindField": S("Field holding the change kind (insert/update/delete) for updatable memory tables."),
            "keyField": S("Field used as the primary key for updates/deletes."),
        }
        if v1:
            p["resendDestination"] = S("Topic used when resending cached rows.", since="1.11.0")
        sink_schema(line, "memory", "memory sink (%s)" % line,
                    "Props of a memory action for eKuiper %s." % line, p, required=["topic"], skip_if=("resourceId",))
        # ---- redis
        p = {
            "addr": S("Redis address host:port; missing fails the sink.", default="127.0.0.1:6379"),
            "username": S("Redis ACL user name."),
            "password": S("Redis password.", secret=True),
            "db": I("Database number; eKuiper rejects values outside 0-15.", minimum=0, maximum=15, default=0),
            "key": S("Fixed key to write to (used when field is not set)."),
            "field": S("Name of a data field whose value is the key; an absent field in the data is an error."),
            "keyType": S("single (whole result under one key) or multiple (one key per field).",
                         enum=["single", "multiple"], default="single"),
            "dataType": S("Redis value type: string or list; other values are rejected.", enum=["string", "list"],
                          default="string"),
            "rowkindField": S("Field holding the change kind (insert/update/delete)."),
        }
        if v1:
            p["expiration"] = I("Expiry of written keys; -1 means never.", default=-1)
        else:
            p["expiration"] = DUR(line, "Expiry of written keys; -1 means never (the metadata says int, 2.x decodes a duration).",
                                  nonneg=False, default=-1)
        sink_schema(line, "redis", "redis sink (%s)" % line,
                    "Props of a redis action for eKuiper %s." % line, p, required=["addr"], skip_if=("resourceId",))
        # ---- redisPub
        p = {
            "address": S("Redis address host:port; missing fails the sink.", default="127.0.0.1:6379"),
            "username": S("Redis ACL user name."),
            "password": S("Redis password.", secret=True),
            "db": I("Database number.", minimum=0, default=0),
            "channel": S("Channel to publish to; missing fails the sink."),
        }
        if v1:
            p["compression"] = S("Compress the payload (zlib, gzip, flate, zstd).", enum=[""] + COMPRESS)
            p["resendDestination"] = S("Channel used when resending cached rows.", since="1.11.0")
        sink_schema(line, "redisPub", "redisPub sink (%s)" % line,
                    "Props of a redisPub action for eKuiper %s." % line, p, required=["address", "channel"],
                    skip_if=("resourceId",))
        # ---- edgex
        sink_schema(line, "edgex", "edgex sink (%s)" % line,
                    "Props of an edgex action for eKuiper %s (EdgeX message bus publisher)." % line,
                    edgex_props(sink=True), tls=False)
        # ---- neuron
        p = {
            "url": S("nng URL of Neuron (tcp:// or ipc://); another scheme is rejected.",
                     pattern="^(?:tcp|ipc)://", default="tcp://127.0.0.1:7081"),
            "nodeName": S("Neuron node to write to (needed unless raw is true)."),
            "groupName": S("Neuron group to write to (needed unless raw is true)."),
            "tags": STRLIST("Fields of the result to write as Neuron tags; all fields when empty."),
            "raw": B("Send the encoded result as is, without the Neuron write wrapper.", default=False),
        }
        sink_schema(line, "neuron", "neuron sink (%s)" % line,
                    "Props of a neuron action for eKuiper %s." % line, p)
        # ---- websocket
        p = {
            "addr": S("Remote websocket server host:port; when set the sink is a client, else it serves on the REST port."),
            "path": S("Endpoint path; must start with \"/\" or the sink fails.", pattern="^/"),
        }
        extra = [{"if": {"not": any_required("resourceId")},
                  "then": any_required("path", "datasource") if not v1 else {"required": ["path"]},
                  "description": "The endpoint path is needed unless a resourceId profile may supply it."}]
        if not v1:
            p["datasource"] = S("Same as path (path is copied here when datasource is absent).", pattern="^/")
        sink_schema(line, "websocket", "websocket sink (%s)" % line,
                    "Props of a websocket action for eKuiper %s." % line, p, tls=True,
                    extra_resolved=extra)


def edgex_props(sink):
    optional = OBJ("Message-bus client options passed through to the EdgeX client; all values are strings.", props={
        k: S(d) for k, d in [
            ("ClientId", "Client id on the message bus."),
            ("Username", "Message-bus user name."),
            ("Qos", "MQTT QoS as a string."),
            ("KeepAlive", "Keep-alive in seconds as a string."),
            ("Retained", "\"true\"/\"false\": retained flag for MQTT."),
            ("ConnectionPayload", "Payload sent on connect."),
            ("CertFile", "Client certificate file."),
            ("KeyFile", "Client key file."),
            ("CertPEMBlock", "Client certificate PEM."),
            ("SkipCertVerify", "\"true\"/\"false\": skip server verification."),
        ]}, addl={"type": "string"})
    optional["properties"]["Password"] = S("Message-bus password.", secret=True)
    optional["properties"]["KeyPEMBlock"] = S("Client key PEM.", secret=True)
    p = {
        "protocol": S("Transport of the message bus: tcp or redis.", enum=["tcp", "redis"], default="redis"),
        "server": S("Message-bus host.", default="localhost" if sink else "edgex-redis"),
        "port": I("Message-bus port.", minimum=1, maximum=65535, default=6379),
        "topic": S("Topic to publish to (sink) or subscribe to (source).",
                   default="application" if sink else "rules-events"),
        "type": S("Message-bus implementation.", enum=["mqtt", "zero", "redis", "nats-jetstream", "nats-core"],
                  default="redis"),
        "messageType": S("event (EdgeX event) or request (command request).", enum=["event", "request"],
                         default="event"),
        "optional": optional,
    }
    if sink:
        p.update({
            "topicPrefix": S("Prefix; the topic becomes <prefix>/<profile>/<device>/<source> when topic is empty."),
            "contentType": S("Content type of the published payload.", default="application/json"),
            "metadata": S("Name of a result field holding EdgeX reading metadata."),
            "deviceName": S("Device name put in the event."),
            "profileName": S("Device profile name put in the event."),
            "sourceName": S("Source name put in the event."),
        })
    else:
        p["bufferLength"] = I("Capacity of the source buffer.", minimum=1, default=1024)
    return p


# ---------------------------------------------------------------- sources

def source_schema(path, title, desc, props, required=None, tls=False, extra_resolved=None,
                  skip_if=("connectionSelector",)):
    sid = uid(path)
    s = {"title": title, "description": desc, "type": "object"}
    if tls:
        s["allOf"] = [{"$ref": uid("common/tls")}]
        s["properties"] = props
        s["unevaluatedProperties"] = False
    else:
        s["properties"] = props
        s["additionalProperties"] = False
    s["$defs"] = {"resolved": resolved(sid, required, extra_resolved, skip_if)}
    write(path, s)


def mqtt_client_props(line, who):
    p = {
        "server": S("Broker URL such as tcp://host:1883; missing fails with \"missing server property\".",
                    default="tcp://127.0.0.1:1883"),
        "username": S("Broker user name."),
        "password": S("Broker password.", secret=True),
        "protocolVersion": S("MQTT protocol version as a string: 3.1, 3.1.1 (=4)%s; a number fails decoding, another "
                             "string is rejected." % ("" if line == "1.x" else ", 5 (HEAD)"),
                             enum=mqtt_pv_enum(line), default="3.1.1"),
        "clientid": S("MQTT client id; a random uuid when empty."),
    }
    if line == "2.x":
        p["enableClientSession"] = B("Keep an MQTT v5 persistent session (HEAD).")
        p["clientStatePath"] = S("Where the v5 client session state is stored (HEAD).")
        p["sessionExpiryIntervalSeconds"] = I("MQTT v5 session expiry in seconds (HEAD).", minimum=0)
    return p


def write_sources():
    for line in LINES:
        v1 = line == "1.x"
        # mqtt
        p = mqtt_client_props(line, "source")
        p.update({
            "qos": I("Subscription QoS.", enum=[0, 1, 2], default=1),
            "connectionSelector": S("Reuse a named connection: 1.x \"mqtt.<name>\", 2.x the bare id; unknown = start failure."),
            "decompression": S("Decompress payloads before decoding (zlib, gzip, flate, zstd); unknown = start failure.",
                               enum=[""] + COMPRESS),
            "kubeedgeVersion": S("KubeEdge integration version (legacy; only in the shipped yaml comments)."),
            "kubeedgeModelFile": S("KubeEdge model file (legacy; only in the shipped yaml comments)."),
            "bufferLength": I("Capacity of the source buffer.", minimum=1, default=1024),
        })
        if not v1:
            p["useInt64ForWholeNumber"] = B("Decode whole JSON numbers as int64 instead of float64 (HEAD yaml).")
            p["eofMessage"] = S("A payload equal to this marks end of stream (HEAD).")
        source_schema("sources/mqtt.%s" % line, "mqtt source confKey (%s)" % line,
                      "One confKey of sourceConfig.mqtt / etc/mqtt_source.yaml for eKuiper %s." % line, p,
                      required=["server"], tls=True)
        # httppull
        oauth = OBJ("Token fetching: access is required when oauth is set; bodies may hold credentials.", props={
            "access": OBJ("Request that obtains the access token.", props={
                "url": S("Token endpoint, called with POST."),
                "body": S("Request body; often holds user/password.", secret=True),
                "expire": S("Token lifetime in seconds as a string; may be a template.", template=True),
                "headers": OBJ("Headers of the token request.", addl={"type": "string"}, secret=True),
            }, closed=True),
            "refresh": OBJ("Request that refreshes the token.", props={
                "url": S("Refresh endpoint, called with POST."),
                "headers": OBJ("Headers of the refresh request; may use templates over the access response.",
                               addl={"type": "string"}, secret=True),
                "body": S("Refresh request body.", secret=True),
            }, closed=True),
        }, closed=True, secret=True)
        oauth["required"] = ["access"]
        p = {
            "url": S("Server URL; the stream datasource is appended; missing fails with \"url is required\".",
                     default="http://127.0.0.1:5536", template=not v1),
            "method": S("HTTP method; upper-cased, anything but GET, POST, PUT, DELETE is rejected.",
                        pattern=CI_ENUM(["GET", "POST", "PUT", "DELETE"]), default="GET"),
            "interval": DUR(line, "Pause between polls.", default=10000 if v1 else "10s"),
            "timeout": DUR(line, "Request timeout.", default=5000 if v1 else "5s"),
            "incremental": B("Skip a response identical to the previous one.", default=False),
            "body": S("Request body."),
            "bodyType": S("Body encoding; an unknown type is rejected.",
                          enum=["none", "json", "text", "html", "xml", "javascript", "form", "binary", "formdata"],
                          default="json"),
            "headers": OBJ("HTTP headers; values may be templates and often carry credentials.",
                           addl={"type": "string"}, secret=True, template=True),
            "responseType": S("How success is judged: code or body; other values are rejected.",
                              enum=["code", "body"], default="code"),
            "oauth": oauth,
            "bufferLength": I("Capacity of the source buffer.", minimum=1, default=1024),
        }
        if not v1:
            p["states"] = OBJ("Variables available to templates in url/headers/body (HEAD).")
            p["format"] = S("Payload format override.")
            p["formData"] = OBJ("Extra form fields for bodyType formdata.")
            p["fileFieldName"] = S("Form field carrying a file for bodyType formdata.")
            p["compression"] = S("Compression of the request body.", enum=[""] + COMPRESS)
        source_schema("sources/httppull.%s" % line, "httppull source confKey (%s)" % line,
                      "One confKey of sourceConfig.httppull / etc/sources/httppull.yaml for eKuiper %s. The "
                      "metadata key certficationRaw (sic) is not read by Go and is reported as unknown." % line, p,
                      required=["url"], tls=True, skip_if=())
        # file
        p = {
            "fileType": S("File layout: json, csv, lines%s; other values are rejected." % ("" if v1 else ", parquet (HEAD)"),
                          enum=["json", "csv", "lines"] + ([] if v1 else ["parquet"]), default="json"),
            "path": S("Directory (or file) to read, relative to the eKuiper root or absolute; a bad path fails the source."),
            "interval": DUR(line, "Re-scan period; 0 reads once.", default=0),
            "sendInterval": DUR(line, "Pause between emitted rows.", default=0),
            "parallel": B("Read the files of a directory in parallel (key from the shipped yaml)."),
            "actionAfterRead": I("After reading: 0 keep, 1 delete, 2 move to moveTo; other values are rejected.",
                                 enum=[0, 1, 2], default=0),
            "moveTo": S("Directory to move read files to; required when actionAfterRead is 2."),
            "hasHeader": B("The first csv line is a header.", default=False),
            "columns": STRLIST("Column names for csv without a header."),
            "ignoreStartLines": I("Lines skipped at the start of each file.", minimum=0, default=0),
            "ignoreEndLines": I("Lines skipped at the end of each file.", minimum=0, default=0),
            "delimiter": S("csv field separator.", default=","),
            "decompression": S("Decompress files before reading (zlib, gzip, flate, zstd).", enum=[""] + COMPRESS),
        }
        if not v1:
            p["isTable"] = B("Read as a table source (HEAD).")
        source_schema("sources/file.%s" % line, "file source confKey (%s)" % line,
                      "One confKey of sourceConfig.file / etc/sources/file.yaml for eKuiper %s." % line, p,
                      required=["path"], skip_if=(),
                      extra_resolved=[{"if": {"required": ["actionAfterRead"],
                                              "properties": {"actionAfterRead": {"const": 2}}},
                                       "then": {"required": ["moveTo"]},
                                       "description": "actionAfterRead 2 needs moveTo."}])
        # simulator
        p = {
            "data": {"type": "array", "items": {"type": "object"},
                     "description": "Rows to emit, as a list of objects (the UI metadata wrongly says a string); "
                                    "another shape fails decoding."},
            "loop": B("Start again from the first row after the last one.", default=False),
            "interval": DUR(line, "Pause between rows.", default=1000 if v1 else "1s"),
        }
        source_schema("sources/simulator.%s" % line, "simulator source confKey (%s)" % line,
                      "One confKey of sourceConfig.simulator for eKuiper %s." % line, p,
                      required=["data"], skip_if=())

    # line-independent sources
    source_schema("sources/edgex", "edgex source confKey",
                  "One confKey of sourceConfig.edgex / etc/sources/edgex.yaml (EdgeX message bus subscriber).",
                  dict(edgex_props(sink=False), connectionSelector=S(
                      "Reuse a named connection: 1.x \"edgex.<name>\", 2.x the bare id; unknown = start failure.")))
    source_schema("sources/httppush", "httppush source confKey",
                  "One confKey of sourceConfig.httppush. Server address/port/TLS are global (kuiper.yaml source:).",
                  {"method": S("Accepted HTTP method: POST or PUT.", pattern=CI_ENUM(["POST", "PUT"]), default="POST"),
                   "bufferLength": I("Capacity of the source buffer.", minimum=1, default=1024)})
    source_schema("sources/memory", "memory source confKey",
                  "One confKey of sourceConfig.memory. The memory source has no confKey properties of its own "
                  "(topic = DATASOURCE, key = KEY stream option).",
                  {"bufferLength": I("Capacity of the source buffer.", minimum=1, default=1024)})
    source_schema("sources/neuron", "neuron source confKey", "One confKey of sourceConfig.neuron.",
                  {"url": S("nng URL of Neuron (tcp:// or ipc://); another scheme is rejected.",
                            pattern="^(?:tcp|ipc)://", default="tcp://127.0.0.1:7081"),
                   "bufferLength": I("Capacity of the source buffer.", minimum=1, default=1024)})
    source_schema("sources/redis", "redis lookup source confKey",
                  "One confKey of sourceConfig.redis (redis is a lookup-table source).",
                  {"addr": S("Redis address host:port (the metadata default is a private example IP)."),
                   "username": S("Redis ACL user name."),
                   "password": S("Redis password.", secret=True),
                   "dataType": S("Value type: string or list (the shipped yaml spells the key datatype).",
                                 enum=["string", "list"], default="string"),
                   "db": I("Database number.", minimum=0, maximum=15, default=0)},
                  required=["addr"], skip_if=())
    source_schema("sources/redisSub", "redisSub source confKey", "One confKey of sourceConfig.redisSub.",
                  {"address": S("Redis address host:port."),
                   "username": S("Redis ACL user name."),
                   "password": S("Redis password.", secret=True),
                   "db": I("Database number.", minimum=0, maximum=15, default=0),
                   "channels": STRLIST("Channels to subscribe to.", nullable=False),
                   "decompression": S("Decompress payloads (zlib, gzip, flate, zstd).", enum=[""] + COMPRESS)},
                  required=["address", "channels"], skip_if=())
    source_schema("sources/websocket", "websocket source confKey",
                  "One confKey of sourceConfig.websocket. Without addr the source serves the endpoint on the "
                  "eKuiper HTTP server; with addr it connects as a client.",
                  {"addr": S("Remote websocket server host:port (client mode)."),
                   "path": S("Endpoint path; must start with \"/\".", pattern="^/"),
                   "datasource": S("Endpoint path (2.x reads this; path is copied here when absent).", pattern="^/"),
                   "connectionSelector": S("Reuse a named websocket connection (2.x bare id).")},
                  tls=True)


# ---------------------------------------------------------------- connections

def conn_schema(path, title, desc, props, required, tls=False, extra=None):
    s = {"title": title, "description": desc, "type": "object"}
    if tls:
        s["allOf"] = [{"$ref": uid("common/tls")}]
        s["properties"] = props
        s["unevaluatedProperties"] = False
    else:
        s["properties"] = props
        s["additionalProperties"] = False
    if required:
        s["required"] = required
    if extra:
        s.setdefault("allOf", []).extend(extra)
    write(path, s)


def write_connections():
    for line in LINES:
        p = mqtt_client_props(line, "connection")
        p["qos"] = I("QoS used by clients of this connection.", enum=[0, 1, 2])
        conn_schema("connections/mqtt.%s" % line, "mqtt connection (%s)" % line,
                    "One entry of connectionConfig.mqtt for eKuiper %s%s." % (
                        line, " (a connection profile selected by \"mqtt.<name>\")" if line == "1.x"
                        else " (a named connection selected by its bare id)"),
                    p, ["server"], tls=True)
    conn_schema("connections/edgex", "edgex connection",
                "One entry of connectionConfig.edgex (message-bus settings shared by edgex sources/sinks).",
                {k: v for k, v in edgex_props(sink=False).items() if k not in ("bufferLength", "topic", "messageType")},
                None)
    conn_schema("connections/nng.2.x", "nng connection (2.x)",
                "One entry of connectionConfig.nng (used by neuron sources/sinks; the type is nng, not neuron).",
                {"url": S("nng URL: tcp:// or ipc:// only; missing = \"url is required\".", pattern="^(?:tcp|ipc)://"),
                 "protocol": S("nng socket protocol; other values are rejected.", enum=["pair", "push", "req"],
                               default="pair")},
                ["url"])
    conn_schema("connections/httppush.2.x", "httppush connection (2.x)",
                "One entry of connectionConfig.httppush: an endpoint registered on the eKuiper HTTP data server.",
                {"datasource": S("Endpoint path, for example /api/data."),
                 "method": S("Accepted HTTP method.", pattern=CI_ENUM(["POST", "PUT"]))},
                None)
    conn_schema("connections/websocket.2.x", "websocket connection (2.x)",
                "One entry of connectionConfig.websocket: server endpoint (no addr) or client (addr set).",
                {"addr": S("Remote host:port; when empty the connection serves datasource on the eKuiper HTTP server."),
                 "path": S("Remote path in client mode.", pattern="^/"),
                 "datasource": S("Local endpoint path in server mode.", pattern="^/")},
                None, tls=True)
    conn_schema("connections/sse.2.x", "sse connection (2.x, HEAD)",
                "One entry of connectionConfig.sse (server-sent events endpoint; registered at HEAD, not in v2.0.0).",
                {"path": S("Endpoint path."), "datasource": S("Endpoint path (path falls back to it).")},
                None)


# ---------------------------------------------------------------- rule

ID_RULE_1X = "^(?:[^\\s/#%](?:[^/#%]*[^\\s/#%])?)?$"
ID_RULE_24 = "^[a-zA-Z0-9_-]+$"

OPS = {
    "function": {"expr": S("Function call expression, optionally with AS alias.")},
    "aggfunc": {"expr": S("Aggregate function call; the input must be a window or group.")},
    "filter": {"expr": S("Boolean condition; rows where it is false are dropped.")},
    "pick": {"fields": STRLIST("Projection expressions (SELECT list items)."),
             "isAgg": B("The projection works on aggregated input.")},
    "window": {
        "type": S("Window kind (case-insensitive); an unknown kind is rejected.",
                  pattern=CI_ENUM(["tumblingwindow", "hoppingwindow", "slidingwindow", "sessionwindow",
                                   "countwindow"])),
        "unit": S("Time unit of size/interval (not for countwindow).", pattern=CI_ENUM(["dd", "hh", "mi", "ss", "ms"])),
        "size": I("Window length in units (or rows for countwindow).", minimum=1),
        "interval": I("Hop/session/count interval; rules depend on the window type.", minimum=0),
    },
    "join": {"from": S("Left stream/node of the join."),
             "joins": {"type": "array", "description": "Join clauses.", "items": {
                 "type": "object", "additionalProperties": False,
                 "properties": {"name": S("Right side name."),
                                "type": S("Join kind.", pattern=CI_ENUM(["inner", "left", "right", "full", "cross"])),
                                "on": S("Join condition.")}}}},
    "groupby": {"dimensions": STRLIST("GROUP BY expressions.")},
    "orderby": {"sorts": {"type": "array", "description": "Sort keys.", "items": {
        "type": "object", "additionalProperties": False,
        "properties": {"field": S("Field to sort by."),
                       "desc": B("Sort descending (the Go struct reads desc)."),
                       "order": S("Documented asc/desc switch that the Go struct never reads; use desc.",
                                  deprecated=True)}}}},
    "switch": {"cases": STRLIST("Boolean expressions, one output per case."),
               "stopAtFirstMatch": B("Emit to the first matching case only.")},
    "watermark": {"emitters": STRLIST("Upstream emitters (2.x, undocumented)."),
                  "sendWatermark": B("Forward watermarks downstream (2.x, undocumented).")},
    "script": {"script": S("JavaScript source of the node."), "isAgg": B("The script receives collections.")},
}


def graph_defs():
    ops_if = []
    for name, props in OPS.items():
        ops_if.append({
            "if": {"properties": {"type": {"const": "operator"}, "nodeType": {"pattern": CI_ENUM([name])}},
                   "required": ["type", "nodeType"]},
            "then": {"properties": {"props": {"type": "object", "properties": props,
                                              "additionalProperties": False}}},
        })
    return {
        "graph": {
            "type": ["object", "null"],
            "description": "Graph rule: named nodes plus topology; null counts as absent.",
            "properties": {
                "nodes": {"type": "object", "description": "Node name -> node.",
                          "additionalProperties": {"$ref": "#/$defs/graphNode"}},
                "topo": {"type": "object", "description": "Source node names and edges.",
                         "properties": {
                             "sources": STRLIST("Names of the source nodes where the graph starts.", nullable=False),
                             "edges": {"type": "object",
                                       "description": "Node name -> downstream nodes; a nested array is one switch output.",
                                       "additionalProperties": {"type": "array", "items": {
                                           "anyOf": [{"type": "string"},
                                                     {"type": "array", "items": {"type": "string"}}]}}},
                         }, "additionalProperties": False, "required": ["sources", "edges"]},
            },
            "required": ["nodes", "topo"],
            "additionalProperties": False,
        },
        "graphNode": {
            "type": "object",
            "description": "One graph node; an unknown type is rejected by the planner.",
            "properties": {
                "type": S("Node role.", enum=["source", "operator", "sink"]),
                "nodeType": S("Source/sink type (mqtt, memory, ...) or operator kind (window, filter, ...)."),
                "props": {"type": ["object", "null"], "description": "Properties of the node."},
                "ui": {"type": ["object", "null"], "description": "Editor layout data, ignored by the server."},
            },
            "required": ["type", "nodeType"],
            "additionalProperties": False,
            "allOf": ops_if,
        },
    }


def options_core():
    rng = {
        "type": "object", "additionalProperties": False,
        "description": "One time range; timestamps win when both are > 0, else begin/end are parsed.",
        "properties": {
            "begin": {"type": "string", "anyOf": [{"const": ""}, {"format": "ekuiper-datetime"}],
                      "description": "Start as \"YYYY-MM-DD hh:mm:ss\"; unparsable text is rejected at create time."},
            "end": {"type": "string", "anyOf": [{"const": ""}, {"format": "ekuiper-datetime"}],
                    "description": "End as \"YYYY-MM-DD hh:mm:ss\"; begin after end is rejected."},
            "beginTimestamp": I("Start as epoch milliseconds."),
            "endTimestamp": I("End as epoch milliseconds."),
        },
    }
    return {
        "type": ["object", "null"],
        "description": "Rule options; null means \"use the global rule options\".",
        "properties": {
            "isEventTime": B("Use event time (needs a TIMESTAMP stream option) instead of processing time.", default=False),
            "concurrency": I("Parallelism of the rule's operators; negative values are rejected.", minimum=0, default=1),
            "bufferLength": I("Operator buffer capacity; negative values are rejected.", minimum=0, default=1024),
            "sendMetaToSink": B("Pass source metadata to sinks.", default=False),
            # No enum: ValidateRuleOption (internal/conf/conf.go:266@v2.4.0) checks concurrency,
            # bufferLength and the like, not qos, so another number is accepted; only one that
            # does not fit Go's int fails to decode.
            "qos": I("Processing guarantee: 0 at-most-once, 1 at-least-once, 2 exactly-once (>0 turns on checkpoints); "
                     "not range-checked by the server.", default=0,
                     minimum=-(2**63), maximum=2**63 - 1),
            "cron": {"type": "string", "anyOf": [{"const": ""}, {"format": "cron"}], "default": "",
                     "x-since": "1.10.0",
                     "description": "Schedule (5-field cron, @every <dur>, @daily ...) for periodic runs; unparsable text fails the rule."},
            "duration": {"type": "string", "anyOf": [{"const": ""}, {"format": "go-duration"}], "default": "",
                         "x-since": "1.10.0",
                         "description": "How long each scheduled run lasts (Go duration); unparsable text fails the rule."},
            "debug": B("Debug logging for this rule.", since="1.11.0"),
            "logFilename": S("Separate log file name for this rule.", since="1.11.0", default=""),
            "cronDatetimeRange": {"type": ["array", "null"], "items": rng, "x-since": "1.11.0",
                                  "description": "Time ranges in which the rule runs (with or without cron)."},
            "restartStrategy": {"type": "object", "x-since": "1.8.0",
                                "description": "Automatic restart after a failure.",
                                "properties": {"attempts": I("Restart attempts (0 = none); negative is rejected.",
                                                             minimum=0, default=0)}},
        },
    }


def options_line(line):
    v1 = line == "1.x"
    if v1:
        rs = {
            "attempts": {"description": "Restart attempts (0 = none); negative is rejected."},
            "delay": DUR(line, "First restart delay; <= 0 is rejected.", default=1000),
            "multiplier": N("Delay growth factor; <= 0 is rejected.", exmin=0, default=2),
            "maxDelay": DUR(line, "Upper bound of the delay; <= 0 is rejected.", default=30000),
            "jitterFactor": N("Random jitter fraction; must be in (0, 1).", exmin=0, exmax=1, default=0.1),
        }
        rs["delay"]["exclusiveMinimum"] = 0
        rs["maxDelay"]["exclusiveMinimum"] = 0
        rs["delay"].pop("minimum")
        rs["maxDelay"].pop("minimum")
        p = {
            "lateTolerance": DUR(line, "How late an event-time row may arrive; negative is rejected.", default=1000),
            "checkpointInterval": DUR(line, "Checkpoint period for qos > 0; negative is rejected.", default=300000),
            "sendError": B("Send processing errors to the sinks as messages.", since="1.2.0", default=True),
        }
    else:
        kw = dict(until="2.3.0", deprecated=True)
        rs = {
            "attempts": {"description": "Restart attempts (0 = none); the only key read from 2.3.0."},
            "delay": DUR(line, "First restart delay (2.0-2.2; ignored from 2.3.0).", **kw),
            "multiplier": N("Delay growth factor (2.0-2.2; ignored from 2.3.0).", **kw),
            "maxDelay": DUR(line, "Upper bound of the delay (2.0-2.2; ignored from 2.3.0).", **kw),
            "jitterFactor": N("Random jitter fraction (2.0-2.2; ignored from 2.3.0).", **kw),
        }
        p = {
            "lateTolerance": DUR(line, "How late an event-time row may arrive; negative is rejected.", default="1s"),
            "checkpointInterval": DUR(line, "Checkpoint period for qos > 0.", default="5m"),
            "sendError": B("Send processing errors to the sinks as messages (default true up to 2.0.0, false from 2.0.1).",
                           default=False),
            "sendNilField": B("Emit columns whose value is nil.", since="2.1.0", default=False),
            "notifySub": B("Notify subscribers of rule events (internal).", since="2.1.0", default=False),
            "disableBufferFullDiscard": B("Block instead of dropping rows when buffers are full.", since="2.0.7",
                                          default=False),
            "enableSaveStateBeforeStop": B("Snapshot state when the rule stops.", since="2.0.7", default=False),
            "forceExitTimeout": DUR(line, "How long a stopping rule may take before it is forced down.", since="2.3.0",
                                    default=0),
            "experiment": OBJ("Experimental switches.", props={
                "useSliceTuple": B("Use the slice-based tuple representation.", default=False)}, closed=True,
                since="2.3.0"),
            "planOptimizeStrategy": OBJ("Planner optimisation switches.", props={
                "enableIncrementalWindow": B("Compute window aggregates incrementally.", default=False),
                "enableAliasPushdown": B("Push alias computation down the plan."),
                "disableAliasRefCal": B("Do not pre-compute alias references."),
                "optimizeControl": OBJ("Optimiser rule switches.", props={
                    "disableOptimizeRules": STRLIST("Names of optimiser rules to skip.")}, closed=True, since="2.2.0"),
                "windowOption": OBJ("Window behaviour switches.", props={
                    "enableSendSlidingWindowTwice": B("Emit sliding windows on both edges."),
                    "windowVersion": S("Window implementation version.")}, closed=True, since="2.2.0"),
            }, closed=True, since="2.1.0"),
            "enableRuleTracer": B("Documented but not an option field: the server ignores it (tracing is switched by a "
                                  "REST call).", deprecated=True),
        }
    p["restartStrategy"] = {"type": "object", "properties": rs, "unevaluatedProperties": False,
                            "description": "Automatic restart after a failure%s." % (
                                "" if v1 else "; from 2.3.0 only attempts is read")}
    return {
        "$ref": uid("rule") + "#/$defs/options",
        "properties": p,
        "unevaluatedProperties": False,
    }


SQL_XOR_GRAPH = [
    {"required": ["sql"], "properties": {"sql": {"minLength": 1}},
     "not": {"required": ["graph"], "properties": {"graph": {"type": "object"}}},
     "description": "SQL rule: non-empty sql and no graph object."},
    {"required": ["graph"], "properties": {"graph": {"type": "object"}, "sql": {"const": ""}},
     "description": "Graph rule: a graph object and sql absent or empty."},
]


def write_rule_core():
    defs = graph_defs()
    defs["options"] = options_core()
    write("rule", {
        "title": "eKuiper rule (all version lines, core)",
        "description": "What holds for a rule in every eKuiper line: field types, sql xor graph, actions shape. "
                       "Does not reject unknown keys; rule.1.x / rule.2.x build on it and do.",
        "type": "object",
        "properties": {
            "id": S("Rule id; must equal the bundle key; a missing id is filled from the key."),
            "name": S("Display name.", since="1.6.0"),
            "sql": S("SELECT statement of an SQL rule; \"\" counts as absent; a parse error rejects the rule."),
            "graph": {"$ref": "#/$defs/graph"},
            "actions": {
                "type": "array",
                "description": "Sinks; required and non-empty for SQL rules. Each item maps sink type -> props; "
                               "every key of an item builds one sink.",
                "items": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "object"}},
            },
            "options": {"$ref": "#/$defs/options"},
            "triggered": B("Start the rule after creation/import.", default=True),
        },
        "oneOf": SQL_XOR_GRAPH,
        "x-message": "a rule needs exactly one of a non-empty `sql` and a `graph` (eKuiper: \"has both sql and graph\" / \"has neither sql nor graph\")",
        "if": {"required": ["sql"], "properties": {"sql": {"minLength": 1}}},
        "then": {"required": ["actions"], "properties": {"actions": {"minItems": 1}}},
        "$defs": defs,
    })


SINK_TYPES = ["mqtt", "rest", "file", "log", "nop", "memory", "redis", "redisPub", "edgex", "neuron", "websocket"]


def write_rule_lines():
    for line in LINES:
        v1 = line == "1.x"
        sinks = {t: {"$ref": uid("sinks/%s.%s" % (t, line)) + "#/$defs/resolved"} for t in SINK_TYPES}
        sink_nodes = [{
            "if": {"properties": {"type": {"const": "sink"}, "nodeType": {"const": t}},
                   "required": ["type", "nodeType"]},
            "then": {"properties": {"props": {"$ref": uid("sinks/%s.%s" % (t, line))}}},
        } for t in SINK_TYPES]
        props = {
            "id": S("Rule id; no / # %% and no surrounding spaces%s." % (
                "" if v1 else "; from 2.4.0 only letters, digits, _ and - (2.0-2.3 use the 1.x rule)"),
                pattern=ID_RULE_1X if v1 else ID_RULE_24),
            "actions": {"description": "Sinks; props of the built-in types are checked against this line's sink "
                                       "schemas (merged-props view), other keys are plugin sinks.",
                        "items": {"properties": sinks}},
            "options": options_line(line),
            "graph": {"description": "Graph rule; sink node props are checked against this line's sink schemas.",
                      "properties": {"nodes": {"description": "Node name -> node.",
                                               "additionalProperties": {"allOf": sink_nodes}}}},
        }
        if not v1:
            props["tags"] = STRLIST("Labels for filtering rules.", nullable=False, since="2.2.0")
            props["version"] = S("Update guard: an update/import is accepted only if this string compares greater "
                                 "(byte-wise) than the stored one.", since="2.2.0")
            props["temp"] = B("Temporary rule, not persisted.", since="2.3.0", default=False)
        write("rule.%s" % line, {
            "title": "eKuiper rule (%s)" % line,
            "description": "Decoded value of a rules entry for eKuiper %s, with unknown keys reported. Sink props "
                           "of known types are checked; other action keys are plugin sinks." % line,
            "$ref": uid("rule"),
            "properties": props,
            "unevaluatedProperties": False,
        })


# ---------------------------------------------------------------- bundle + entries

SECTIONS = [
    ("streams", "Stream name -> CREATE STREAM statement (SQL text, not JSON).", None),
    ("tables", "Table name -> CREATE TABLE statement (SQL text, not JSON).", None),
    ("rules", "Rule id -> rule as a JSON string (see rule.*.json); the key must equal the rule id.", None),
    ("nativePlugins", "<sources|sinks|functions>_<name> -> JSON string {name, file, shellParas}; only installed "
                      "with stop=1 on full import, otherwise silently skipped.", None),
    ("portablePlugins", "Plugin name -> JSON string {name, file}.", None),
    ("sourceConfig", "Source type -> JSON string {confKey: {props}}.", None),
    ("sinkConfig", "Sink type -> JSON string {resourceId: {props}}.", None),
    ("connectionConfig", "Connection type -> JSON string {name or id: {props}}.", None),
    ("Service", "Service name -> JSON string {name, file}. Capital S as exported.", None),
    ("Schema", "<schemaType>_<name> -> JSON string {type, name, content|file, soFile, version}. Capital S as exported.",
     None),
    ("uploads", "File name -> JSON string {name, content|file}.", "1.11.0"),
    ("scripts", "Script id -> JSON string {id, description, script, isAgg}.", "1.13.0"),
]


def write_bundle():
    props = {}
    for name, desc, since in SECTIONS:
        d = {"type": ["object", "null"], "description": desc + " null = empty section; a non-string member fails "
                                                               "the whole import unmarshal.",
             "additionalProperties": {"type": ["string", "null"]}}
        if since:
            d["x-since"] = since
        props[name] = d
    write("bundle", {
        "title": "eKuiper data import/export bundle",
        "description": "Outer bundle of POST /data/import and GET /data/export: twelve sections, each an object whose "
                       "members are strings. Unknown sections are ignored by eKuiper (reported here).",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    })
    write("entries/conf-map", {
        "title": "sourceConfig/sinkConfig/connectionConfig member (decoded)",
        "description": "The decoded string of a config section member: confKey -> props object. Apply the "
                       "type's schema to each value.",
        "type": "object",
        "propertyNames": {"minLength": 1},
        "additionalProperties": {"type": "object"},
    })
    write("entries/native-plugin", {
        "title": "nativePlugins member (decoded)",
        "description": "Install request of a native (.so) plugin; the file must be built for the target eKuiper version.",
        "type": "object",
        "properties": {
            "name": S("Plugin name; must match the key after <kind>_."),
            "file": S("URL of the plugin zip; unreachable URLs fail the install.", minLength=1),
            "shellParas": STRLIST("Arguments for the install script."),
            "functions": STRLIST("Function names exported by a function plugin."),
        },
        "required": ["name", "file"],
        "additionalProperties": False,
    })
    for name, title in (("portable-plugin", "portablePlugins"), ("service", "Service")):
        write("entries/%s" % name, {
            "title": "%s member (decoded)" % title,
            "description": "Install request of a %s: a name and the URL of its zip." % title,
            "type": "object",
            "properties": {"name": S("Name; should match the key."),
                           "file": S("URL of the zip; unreachable URLs fail the install.", minLength=1)},
            "required": ["name", "file"],
            "additionalProperties": False,
        })
    write("entries/schema", {
        "title": "Schema member (decoded)",
        "description": "Schema registry entry (key <type>_<name>).",
        "type": "object",
        "properties": {
            "type": S("Schema type.", enum=["protobuf", "custom"]),
            "name": S("Schema name; should match the key after <type>_."),
            "content": S("Schema text given inline."),
            "file": S("URL of the schema file."),
            "soFile": S("URL of the compiled .so for custom schemas; must match the eKuiper version."),
            "version": S("Update guard compared as a string (2.x).", since="2.0.0"),
        },
        "required": ["type", "name"],
        "anyOf": [{"required": ["content"]}, {"required": ["file"]}],
        "additionalProperties": False,
    })
    write("entries/upload", {
        "title": "uploads member (decoded)",
        "description": "A file placed in the upload directory, inline or fetched from a URL.",
        "type": "object",
        "properties": {"name": S("File name."), "content": S("File content."), "file": S("URL to fetch the file from.")},
        "required": ["name"],
        "oneOf": [{"required": ["content"]}, {"required": ["file"]}],
        "x-message": "an upload needs exactly one of `content` and `file`",
        "additionalProperties": False,
    })
    write("entries/script", {
        "title": "scripts member (decoded)",
        "description": "A JavaScript function (UDF) definition.",
        "type": "object",
        "properties": {"id": S("Function name; should match the key."), "description": S("Free text."),
                       "script": S("JavaScript source defining a function named like id.", minLength=1),
                       "isAgg": B("The function is an aggregate.", default=False)},
        "required": ["id", "script"],
        "additionalProperties": False,
    })


def main():
    write_tls()
    write_sink_commons()
    write_sinks()
    write_sources()
    write_connections()
    write_rule_core()
    write_rule_lines()
    write_bundle()
    with open(os.devnull, "w") as f:
        f.write("\n".join(sorted(WRITTEN)) + "\n")
    print(len(WRITTEN), "schemas")


if __name__ == "__main__":
    main()
