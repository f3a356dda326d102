#!/usr/bin/env python3
"""Writes /work/main/schemas/tests/{valid,invalid}/*.json. Run: `python3 schemas/generator/generate_cases.py` (needs ../shared for the real bundles)."""
import glob
import json
import os
import re
import shutil

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests")
BUNDLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "ekuiper", "bundles")

V, X = {}, {}  # file name -> instance


def v(schema, case, inst):
    V["%s__%s.json" % (schema.replace("/", "__"), case)] = inst


def x(schema, case, inst):
    X["%s__%s.json" % (schema.replace("/", "__"), case)] = inst


def both(schema_base, case, inst, valid=True):
    for line in ("1.x", "2.x"):
        (v if valid else x)("%s.%s" % (schema_base, line), case, inst)


# ------------------------------------------------------------------ fragments
v("common/tls", "basic", {"insecureSkipVerify": False, "rootCaPath": "/etc/ca.pem"})
x("common/tls", "wrong-type", {"insecureSkipVerify": "yes"})

v("sinks/common", "basic", {"concurrency": 2, "sendSingle": True, "fields": ["a", "b"], "resendPriority": -1})
x("sinks/common", "protobuf-needs-schemaId", {"format": "protobuf"})
x("sinks/common", "bad-enum-resendPriority", {"resendPriority": 2})
x("sinks/common", "concurrency-zero", {"concurrency": 0})

v("sinks/common.1.x", "basic", {"format": "delimited", "delimiter": "|", "lingerInterval": 100, "runAsync": False})
x("sinks/common.1.x", "duration-string", {"lingerInterval": "1s"})
x("sinks/common.1.x", "bad-format", {"format": "xml"})
x("sinks/common.1.x", "bufferLength-zero", {"bufferLength": 0})

v("sinks/common.2.x", "basic", {"format": "urlencoded", "lingerInterval": "1.5s", "resendInterval": 500,
                                "compression": "zstd", "encryption": "aes", "excludeFields": ["x"]})
x("sinks/common.2.x", "bad-duration", {"lingerInterval": "5 seconds"})
# 2.x registers no xml or custom converter (internal/converter/converter.go:35-44@v2.4.0).
x("sinks/common.2.x", "xml-format", {"format": "xml"})
x("sinks/common.2.x", "negative-duration", {"lingerInterval": "-1s"})
x("sinks/common.2.x", "bad-compression", {"compression": "lz4"})
x("sinks/common.2.x", "fractional-ms", {"resendInterval": 1.5})

# ------------------------------------------------------------------ sinks
both("sinks/mqtt", "basic", {"server": "tcp://127.0.0.1:1883", "topic": "out/{{.device}}", "qos": 1,
                             "retained": False, "password": "p", "sendSingle": True})
v("sinks/mqtt.2.x", "v5-and-props", {"server": "tcp://b:1883", "topic": "t", "protocolVersion": "5",
                                    "properties": {"k": "v"}, "compression": "gzip", "certificationPath": "/c.pem"})
v("sinks/mqtt.1.x", "compression-1x", {"server": "tcp://b:1883", "topic": "t", "compression": "zlib",
                                       "resendDestination": "cache/t"})
both("sinks/mqtt", "qos-out-of-range", {"server": "tcp://b:1883", "topic": "t", "qos": 3}, valid=False)
both("sinks/mqtt", "protocol-version-number", {"server": "tcp://b:1883", "topic": "t", "protocolVersion": 4},
     valid=False)
both("sinks/mqtt", "wildcard-topic", {"server": "tcp://b:1883", "topic": "a/#"}, valid=False)
both("sinks/mqtt", "unknown-property", {"server": "tcp://b:1883", "topic": "t", "retain": True}, valid=False)
x("sinks/mqtt.1.x", "v5-not-in-1x", {"server": "tcp://b:1883", "topic": "t", "protocolVersion": "5"})
x("sinks/mqtt.1.x", "properties-not-in-1x", {"topic": "t", "properties": {"k": "v"}})
# $defs/resolved: required keys after merge
v("sinks/mqtt.2.x@resolved", "selector-supplies-server", {"connectionSelector": "mqttcon1", "topic": "t"})
v("sinks/mqtt.2.x@resolved", "resourceId-supplies-all", {"resourceId": "prof1"})
x("sinks/mqtt.2.x@resolved", "missing-topic", {"server": "tcp://b:1883"})
x("sinks/mqtt.1.x@resolved", "missing-server", {"topic": "t"})

both("sinks/rest", "basic", {"url": "http://h/api/{{.id}}", "method": "post", "bodyType": "json",
                             "headers": {"Authorization": "Bearer x"}, "responseType": "code",
                             "oauth": {"access": {"url": "http://h/token", "expire": "3600"}}})
v("sinks/rest.2.x", "timeout-duration", {"url": "http://h", "timeout": "5s", "formData": {"a": "b"}})
v("sinks/rest.1.x", "timeout-ms", {"url": "http://h", "timeout": 5000})
x("sinks/rest.1.x", "timeout-string", {"url": "http://h", "timeout": "5s"})
both("sinks/rest", "method-head", {"url": "http://h", "method": "HEAD"}, valid=False)
both("sinks/rest", "oauth-without-access", {"url": "http://h", "oauth": {"refresh": {"url": "u"}}}, valid=False)
both("sinks/rest", "header-not-string", {"url": "http://h", "headers": {"X-N": 1}}, valid=False)
x("sinks/rest.2.x@resolved", "missing-url", {"method": "GET"})

both("sinks/file", "basic", {"path": "/tmp/out.txt", "fileType": "lines", "rollingCount": 10,
                             "rollingNamePattern": "suffix"})
v("sinks/file.2.x", "durations", {"path": "/tmp/{{.a}}.csv", "fileType": "csv", "format": "delimited",
                                  "rollingInterval": "1h", "checkInterval": "1m", "rollingSize": 1048576,
                                  "compression": "gzip"})
both("sinks/file", "bad-fileType", {"path": "/tmp/x", "fileType": "parquet"}, valid=False)
both("sinks/file", "bad-compression", {"path": "/tmp/x", "compression": "zlib"}, valid=False)
x("sinks/file.1.x", "rollingSize-not-in-1x", {"path": "/tmp/x", "rollingSize": 1})
x("sinks/file.2.x@resolved", "csv-needs-delimited", {"path": "/tmp/x", "fileType": "csv"})
x("sinks/file.2.x@resolved", "no-rolling-criterion", {"path": "/tmp/x", "rollingCount": 0, "rollingInterval": "0s"})
x("sinks/file.1.x@resolved", "no-rolling-criterion", {"path": "/tmp/x", "rollingCount": 0})
v("sinks/file.1.x@resolved", "rolling-by-interval", {"path": "/tmp/x", "rollingCount": 0, "rollingInterval": 60000})

both("sinks/log", "empty", {})
both("sinks/log", "common-only", {"sendSingle": True, "dataTemplate": "{{.a}}"})
both("sinks/log", "unknown-property", {"level": "info"}, valid=False)

both("sinks/nop", "basic", {"log": True})
both("sinks/nop", "wrong-type", {"log": "true"}, valid=False)

both("sinks/memory", "basic", {"topic": "results/a", "rowkindField": "action", "keyField": "id"})
both("sinks/memory", "wrong-type", {"topic": 5}, valid=False)
x("sinks/memory.2.x@resolved", "missing-topic", {"keyField": "id"})

both("sinks/redis", "basic", {"addr": "127.0.0.1:6379", "db": 3, "key": "k", "dataType": "list",
                              "keyType": "single", "password": "s"})
v("sinks/redis.2.x", "expiration-duration", {"addr": "h:6379", "expiration": "10m"})
v("sinks/redis.1.x", "expiration-int", {"addr": "h:6379", "expiration": -1})
both("sinks/redis", "db-out-of-range", {"addr": "h:6379", "db": 16}, valid=False)
both("sinks/redis", "bad-dataType", {"addr": "h:6379", "dataType": "hash"}, valid=False)
x("sinks/redis.1.x", "expiration-string", {"addr": "h:6379", "expiration": "10m"})

both("sinks/redisPub", "basic", {"address": "127.0.0.1:6379", "channel": "c1", "db": 0})
both("sinks/redisPub", "unknown-addr-key", {"addr": "127.0.0.1:6379", "channel": "c1"}, valid=False)
x("sinks/redisPub.2.x@resolved", "missing-channel", {"address": "h:6379"})

both("sinks/edgex", "basic", {"protocol": "tcp", "server": "127.0.0.1", "port": 1883, "type": "mqtt",
                              "topic": "t", "messageType": "event", "contentType": "application/json",
                              "optional": {"ClientId": "c", "Password": "p", "Format": "json"}})
both("sinks/edgex", "bad-type", {"type": "kafka"}, valid=False)
both("sinks/edgex", "optional-not-string", {"optional": {"KeepAlive": 50}}, valid=False)
both("sinks/edgex", "port-range", {"port": 70000}, valid=False)

both("sinks/neuron", "basic", {"url": "tcp://127.0.0.1:7081", "nodeName": "n", "groupName": "g",
                               "tags": ["a", "b"], "raw": False})
both("sinks/neuron", "bad-scheme", {"url": "http://127.0.0.1:7081"}, valid=False)

both("sinks/websocket", "basic", {"addr": "127.0.0.1:8080", "path": "/ws", "insecureSkipVerify": True})
v("sinks/websocket.2.x@resolved", "datasource-alias", {"datasource": "/ws"})
both("sinks/websocket", "path-no-slash", {"path": "ws"}, valid=False)
x("sinks/websocket.1.x@resolved", "missing-path", {"addr": "h:1"})

# ------------------------------------------------------------------ sources
both("sources/mqtt", "basic", {"server": "tcp://127.0.0.1:1883", "qos": 1, "protocolVersion": "3.1.1",
                               "insecureSkipVerify": False, "decompression": "gzip"})
v("sources/mqtt.2.x", "v5", {"server": "tcp://b:1883", "protocolVersion": "5", "enableClientSession": True,
                             "connectionSelector": "mqttcon1"})
both("sources/mqtt", "qos-out-of-range", {"qos": 5}, valid=False)
both("sources/mqtt", "unknown-property", {"server": "tcp://b:1883", "clientIdentifier": "x"}, valid=False)
x("sources/mqtt.1.x", "v5-not-in-1x", {"protocolVersion": "5"})
x("sources/mqtt.2.x@resolved", "missing-server", {"qos": 1})
v("sources/mqtt.2.x@resolved", "selector", {"connectionSelector": "c1"})

v("sources/httppull.1.x", "basic", {"url": "http://localhost", "method": "post", "interval": 10000,
                                    "timeout": 5000, "incremental": False, "bodyType": "json",
                                    "insecureSkipVerify": True, "headers": {"Accept": "application/json"},
                                    "responseType": "code"})
v("sources/httppull.2.x", "basic", {"url": "http://localhost", "method": "GET", "interval": "10s",
                                    "timeout": "5s", "headers": {"Authorization": "Bearer {{.token}}"},
                                    "oauth": {"access": {"url": "http://h/login", "expire": "3600"}}})
v("sources/httppull.2.x", "interval-int-ms", {"url": "http://h", "interval": 10000, "timeout": 5000})
x("sources/httppull.1.x", "interval-string", {"url": "http://h", "interval": "10s"})
both("sources/httppull", "typo-certficationRaw", {"url": "http://h", "certficationRaw": "abc"}, valid=False)
both("sources/httppull", "bad-method", {"url": "http://h", "method": "PATCH"}, valid=False)
x("sources/httppull.2.x@resolved", "missing-url", {"method": "GET"})

v("sources/file.1.x", "basic", {"fileType": "json", "path": "data", "interval": 0, "sendInterval": 0,
                                "parallel": False, "actionAfterRead": 0, "moveTo": "/tmp/kuiper/moved",
                                "hasHeader": False, "ignoreStartLines": 0, "ignoreEndLines": 0})
v("sources/file.2.x", "basic", {"fileType": "csv", "path": "data", "interval": "1m", "columns": ["a", "b"],
                                "delimiter": ";", "isTable": False})
both("sources/file", "bad-actionAfterRead", {"path": "d", "actionAfterRead": 3}, valid=False)
x("sources/file.1.x", "parquet-not-in-1x", {"path": "d", "fileType": "parquet"})
x("sources/file.2.x@resolved", "move-needs-moveTo", {"path": "d", "actionAfterRead": 2})
x("sources/file.2.x@resolved", "missing-path", {"fileType": "json"})

v("sources/simulator.1.x", "basic", {"data": [{"temperature": 22.5}], "interval": 1000, "loop": True})
v("sources/simulator.2.x", "basic", {"data": [{"temperature": 22.5, "humidity": 50}], "interval": "1s",
                                     "loop": True})
both("sources/simulator", "data-as-string", {"data": "[{\"a\":1}]"}, valid=False)
x("sources/simulator.2.x@resolved", "missing-data", {"interval": "1s"})

v("sources/edgex", "basic", {"protocol": "tcp", "server": "edgex-mqtt-broker", "port": 1883,
                             "topic": "edgex/rules-events", "type": "mqtt", "messageType": "event"})
v("sources/edgex", "selector", {"connectionSelector": "edgex.redisMsgBus", "optional": {"KeepAlive": "50"}})
x("sources/edgex", "port-as-string", {"port": "6379"})
x("sources/edgex", "bad-messageType", {"messageType": "reading"})

v("sources/httppush", "basic", {"method": "POST"})
x("sources/httppush", "bad-method", {"method": "GET"})
v("sources/memory", "empty", {})
x("sources/memory", "unknown-property", {"topic": "t"})
v("sources/neuron", "basic", {"url": "ipc:///tmp/neuron-ekuiper.ipc"})
x("sources/neuron", "wrong-type", {"url": 7081})
v("sources/redis", "basic", {"addr": "127.0.0.1:6379", "dataType": "string", "db": 0})
x("sources/redis", "bad-dataType", {"addr": "h:1", "dataType": "hash"})
x("sources/redis@resolved", "missing-addr", {"dataType": "list"})
v("sources/redisSub", "basic", {"address": "127.0.0.1:6379", "db": 0, "channels": ["c1", "c2"]})
x("sources/redisSub", "channels-string", {"address": "h:1", "channels": "c1"})
x("sources/redisSub@resolved", "missing-channels", {"address": "h:1"})
v("sources/websocket", "server-mode", {"addr": ""})
v("sources/websocket", "client-mode", {"addr": "h:8080", "path": "/ws", "insecureSkipVerify": True})
x("sources/websocket", "unknown-property", {"address": "h:8080"})

# ------------------------------------------------------------------ connections
for line in ("1.x", "2.x"):
    v("connections/mqtt.%s" % line, "basic", {"server": "tcp://127.0.0.1:1883", "username": "ekuiper",
                                              "password": "password"})
    x("connections/mqtt.%s" % line, "missing-server", {"username": "u"})
    x("connections/mqtt.%s" % line, "protocol-number", {"server": "tcp://h:1", "protocolVersion": 3})
v("connections/mqtt.1.x", "baetyl", {"server": "mqtts://baetyl-broker.baetyl-edge-system:50010",
                                     "clientid": "ekuiper", "qos": 0,
                                     "certificationPath": "/var/lib/baetyl/system/certs/crt.pem",
                                     "privateKeyPath": "/var/lib/baetyl/system/certs/key.pem",
                                     "rootCaPath": "/var/lib/baetyl/system/certs/ca.pem",
                                     "insecureSkipVerify": False})
v("connections/edgex", "redis", {"protocol": "redis", "server": "127.0.0.1", "port": 6379, "type": "redis"})
v("connections/edgex", "mqtt-optional", {"protocol": "tcp", "server": "127.0.0.1", "port": 1883, "type": "mqtt",
                                         "optional": {"KeepAlive": "50"}})
x("connections/edgex", "bad-protocol", {"protocol": "udp"})
v("connections/nng.2.x", "basic", {"url": "tcp://127.0.0.1:7081", "protocol": "pair"})
x("connections/nng.2.x", "missing-url", {"protocol": "pair"})
x("connections/nng.2.x", "bad-protocol", {"url": "tcp://h:1", "protocol": "sub"})
v("connections/httppush.2.x", "basic", {"datasource": "/api/data", "method": "POST"})
x("connections/httppush.2.x", "unknown-property", {"endpoint": "/api"})
v("connections/websocket.2.x", "client", {"addr": "h:8080", "path": "/ws", "insecureSkipVerify": True})
x("connections/websocket.2.x", "path-no-slash", {"datasource": "ws"})
v("connections/sse.2.x", "basic", {"datasource": "/events"})
x("connections/sse.2.x", "wrong-type", {"path": 1})

# ------------------------------------------------------------------ rule
SQL_LOG = {"id": "r1", "sql": "SELECT * FROM s1", "actions": [{"log": {}}]}
GRAPH = {
    "id": "g1",
    "graph": {
        "nodes": {
            "src": {"type": "source", "nodeType": "mqtt", "props": {"datasource": "t/1"}},
            "win": {"type": "operator", "nodeType": "window",
                    "props": {"type": "tumblingwindow", "unit": "ss", "size": 10}},
            "agg": {"type": "operator", "nodeType": "aggfunc", "props": {"expr": "count(*) AS c"}},
            "sw": {"type": "operator", "nodeType": "switch",
                   "props": {"cases": ["c > 1", "c <= 1"], "stopAtFirstMatch": True}},
            "out1": {"type": "sink", "nodeType": "mqtt", "props": {"server": "tcp://b:1883", "topic": "o"}},
            "out2": {"type": "sink", "nodeType": "log", "props": {}},
        },
        "topo": {"sources": ["src"], "edges": {"src": ["win"], "win": ["agg"], "agg": ["sw"],
                                               "sw": [["out1"], ["out2"]]}},
    },
}
for r in ("rule", "rule.1.x", "rule.2.x"):
    v(r, "sql-minimal", SQL_LOG)
    v(r, "graph", GRAPH)
    v(r, "graph-with-empty-sql", dict(GRAPH, sql=""))
    v(r, "sql-with-null-graph", dict(SQL_LOG, graph=None))
    v(r, "multi-sink-action", {"id": "r2", "sql": "SELECT a FROM s", "actions": [
        {"log": {}, "mqtt": {"server": "tcp://b:1883", "topic": "t"}}, {"kafka": {"brokers": "k:9092"}}]})
    x(r, "sql-and-graph", dict(GRAPH, sql="SELECT * FROM s"))
    x(r, "neither-sql-nor-graph", {"id": "r3", "actions": [{"log": {}}]})
    x(r, "empty-sql-no-graph", {"id": "r3", "sql": "", "actions": [{"log": {}}]})
    x(r, "sql-without-actions", {"id": "r4", "sql": "SELECT 1 FROM s"})
    x(r, "sql-empty-actions", {"id": "r4", "sql": "SELECT 1 FROM s", "actions": []})
    x(r, "empty-action-object", {"id": "r4", "sql": "SELECT 1 FROM s", "actions": [{}]})
    x(r, "concurrency-string", dict(SQL_LOG, options={"concurrency": "2"}))
    # eKuiper does not range-check the rule option qos (ValidateRuleOption, internal/conf/conf.go:266@v2.4.0).
    v(r, "qos-not-range-checked", dict(SQL_LOG, options={"qos": 3}))
    x(r, "triggered-string", dict(SQL_LOG, triggered="true"))
    x(r, "bad-window-type", dict(GRAPH, graph=dict(GRAPH["graph"], nodes=dict(
        GRAPH["graph"]["nodes"], win={"type": "operator", "nodeType": "window",
                                      "props": {"type": "tumbling", "unit": "ss", "size": 10}}))))
    x(r, "bad-node-type", dict(GRAPH, graph=dict(GRAPH["graph"], nodes=dict(
        GRAPH["graph"]["nodes"], win={"type": "op", "nodeType": "window", "props": {}}))))
    x(r, "bad-cron", dict(SQL_LOG, options={"cron": "every minute", "duration": "10s"}))
    x(r, "bad-datetime-range", dict(SQL_LOG, options={"cronDatetimeRange": [{"begin": "2024/01/01",
                                                                             "end": "2024-01-02 00:00:00"}]}))
v("rule", "unknown-key-allowed-in-core", dict(SQL_LOG, comment="free text"))
v("rule", "options-null", dict(SQL_LOG, options=None))

# 1.x specifics
v("rule.1.x", "options-1x", dict(SQL_LOG, options={
    "isEventTime": False, "lateTolerance": 1000, "concurrency": 1, "bufferLength": 1024,
    "sendMetaToSink": False, "sendError": True, "qos": 1, "checkpointInterval": 300000,
    "restartStrategy": {"attempts": 3, "delay": 1000, "multiplier": 2, "maxDelay": 30000, "jitterFactor": 0.1},
    "cron": "*/5 * * * *", "duration": "1m", "debug": True, "logFilename": "r1.log",
    "cronDatetimeRange": [{"begin": "2024-01-01 00:00:00", "end": "2024-12-31 23:59:59"}]}))
v("rule.1.x", "id-with-dot", dict(SQL_LOG, id="my.rule"))
x("rule.1.x", "id-with-slash", dict(SQL_LOG, id="a/b"))
x("rule.1.x", "id-leading-space", dict(SQL_LOG, id=" r1"))
x("rule.1.x", "duration-string-option", dict(SQL_LOG, options={"lateTolerance": "1s"}))
x("rule.1.x", "jitter-out-of-range", dict(SQL_LOG, options={"restartStrategy": {"jitterFactor": 1.5}}))
x("rule.1.x", "tags-not-in-1x", dict(SQL_LOG, tags=["a"]))
x("rule.1.x", "unknown-option", dict(SQL_LOG, options={"sendNilField": True}))
x("rule.1.x", "mqtt-v5-action", dict(SQL_LOG, actions=[{"mqtt": {"server": "tcp://b:1", "topic": "t",
                                                                  "protocolVersion": "5"}}]))
x("rule.1.x", "restart-jitter-typo", dict(SQL_LOG, options={"restartStrategy": {"jitter": 0.1}}))
# 2.x specifics
v("rule.2.x", "options-2x", dict(SQL_LOG, name="n", tags=["t1"], version="1742965676", temp=False, options={
    "lateTolerance": "1s", "checkpointInterval": 300000, "sendNilField": True, "forceExitTimeout": "10s",
    "restartStrategy": {"attempts": 2}, "experiment": {"useSliceTuple": False},
    "planOptimizeStrategy": {"enableIncrementalWindow": True,
                             "optimizeControl": {"disableOptimizeRules": ["a"]},
                             "windowOption": {"enableSendSlidingWindowTwice": False, "windowVersion": "v2"}},
    "disableBufferFullDiscard": True, "enableSaveStateBeforeStop": False, "notifySub": False,
    "cron": "CRON_TZ=Asia/Shanghai @every 1h30m"}))
v("rule.2.x", "legacy-restart-keys", dict(SQL_LOG, options={"restartStrategy": {
    "delay": "1s", "multiplier": 2, "maxDelay": "30s", "jitterFactor": 0.1}}))
x("rule.2.x", "id-with-dot", dict(SQL_LOG, id="my.rule"))
x("rule.2.x", "id-empty", dict(SQL_LOG, id=""))
x("rule.2.x", "bad-duration-option", dict(SQL_LOG, options={"lateTolerance": "1 second"}))
x("rule.2.x", "negative-checkpoint", dict(SQL_LOG, options={"checkpointInterval": -5}))
x("rule.2.x", "unknown-option", dict(SQL_LOG, options={"isEventtime": True}))
x("rule.2.x", "unknown-top-level", dict(SQL_LOG, triggerd=True))
x("rule.2.x", "sink-unknown-prop", dict(SQL_LOG, actions=[{"rest": {"url": "http://h", "methd": "POST"}}]))
x("rule.2.x", "sink-missing-required", dict(SQL_LOG, actions=[{"mqtt": {"server": "tcp://b:1"}}]))
x("rule.2.x", "graph-sink-node-bad-prop", dict(GRAPH, graph=dict(GRAPH["graph"], nodes=dict(
    GRAPH["graph"]["nodes"], out1={"type": "sink", "nodeType": "mqtt", "props": {"topic": "t", "qos": 7}}))))
x("rule.2.x", "orderby-bad-item", dict(GRAPH, graph=dict(GRAPH["graph"], nodes=dict(
    GRAPH["graph"]["nodes"], agg={"type": "operator", "nodeType": "orderby",
                                  "props": {"sorts": [{"field": "a", "desc": "yes"}]}}))))
x("rule.2.x", "experiment-unknown", dict(SQL_LOG, options={"experiment": {"useSliceTuples": True}}))

# ------------------------------------------------------------------ bundle + entries
v("bundle", "minimal", {
    "streams": {"s1": "CREATE STREAM s1 () WITH (TYPE=\"mqtt\", DATASOURCE=\"t/1\", CONF_KEY=\"c1\", FORMAT=\"json\")"},
    "tables": {}, "rules": {"r1": json.dumps(SQL_LOG)},
    "sourceConfig": {"mqtt": "{\"c1\":{\"qos\":1,\"server\":\"tcp://broker:1883\"}}"},
    "sinkConfig": {}, "connectionConfig": {}, "nativePlugins": {}, "portablePlugins": {},
    "Service": {}, "Schema": {}, "uploads": {}, "scripts": {}})
v("bundle", "null-sections-and-members", {"streams": None, "rules": {"r1": None}})
x("bundle", "rule-as-object", {"rules": {"r1": SQL_LOG}})
x("bundle", "unknown-section", {"streams": {}, "service": {}})
x("bundle", "section-array", {"tables": []})

v("entries/conf-map", "basic", {"c1": {"qos": 1}, "default": {}})
x("entries/conf-map", "props-not-object", {"c1": "qos=1"})
v("entries/native-plugin", "basic", {"name": "tdengine", "file": "https://x/kuiper-plugins/1.8.1/sinks/tdengine.zip",
                                     "shellParas": []})
x("entries/native-plugin", "missing-file", {"name": "tdengine"})
v("entries/portable-plugin", "basic", {"name": "mirror", "file": "https://x/mirror.zip"})
x("entries/portable-plugin", "unknown-property", {"name": "mirror", "file": "f", "shellParas": []})
v("entries/service", "basic", {"name": "sample", "file": "https://x/sample.zip"})
x("entries/service", "missing-name", {"file": "https://x/sample.zip"})
v("entries/schema", "inline", {"type": "protobuf", "name": "schema1", "content": "message A { string a = 1; }"})
v("entries/schema", "custom-file", {"type": "custom", "name": "c1", "soFile": "https://x/c1.so",
                                    "file": "https://x/c1.proto", "version": "1"})
x("entries/schema", "bad-type", {"type": "avro", "name": "a", "content": "x"})
x("entries/schema", "no-content", {"type": "protobuf", "name": "a"})
v("entries/upload", "content", {"name": "a.txt", "content": "hello"})
x("entries/upload", "both", {"name": "a.txt", "content": "hello", "file": "https://x/a.txt"})
v("entries/script", "basic", {"id": "area", "description": "area", "script": "function area(x, y) { return x * y; }",
                              "isAgg": False})
x("entries/script", "isAgg-string", {"id": "area", "script": "function area() {}", "isAgg": "false"})


# ------------------------------------------------------------------ real bundles
def slug(s):
    return re.sub(r"[^A-Za-z0-9.-]+", "-", s).strip("-")


for f in sorted(glob.glob(os.path.join(BUNDLES, "*.json"))):
    name = os.path.basename(f)[:-5]
    b = json.load(open(f))
    if not isinstance(b, dict):
        continue  # test data arrays, not bundles
    tag = name.split("__")[0]
    line = "1.x" if tag.startswith("1.") or tag.startswith("v1.") else "2.x"
    v("bundle", "real-" + slug(name), b)
    for rid, rs in (b.get("rules") or {}).items():
        rule = json.loads(rs)
        v("rule", "real-%s-%s" % (slug(name), slug(rid)), rule)
        v("rule.%s" % line, "real-%s-%s" % (slug(name), slug(rid)), rule)
    for typ, cs in (b.get("sourceConfig") or {}).items():
        for ck, props in json.loads(cs).items():
            sid = "sources/%s.%s" % (typ, line)
            v(sid, "real-%s-%s" % (slug(name), slug(ck)), props)

# ------------------------------------------------------------------ shipped etc/ profiles (metadata copies)
import yaml  # noqa: E402

META = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "ekuiper", "metadata")
for tag, line in (("v1.14.0", "1.x"), ("HEAD", "2.x")):
    files = sorted(glob.glob("%s/%s/etc/sources/*.yaml" % (META, tag))) + ["%s/%s/etc/mqtt_source.yaml" % (META, tag)]
    for f in files:
        typ = os.path.basename(f)[:-5].replace("mqtt_source", "mqtt")
        for ck, props in (yaml.safe_load(open(f)) or {}).items():
            props = props or {}
            sid = "sources/%s.%s" % (typ, line)
            if not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "%s.json" % sid)):
                sid = "sources/%s" % typ
            case = "shipped-%s-%s" % (tag, slug(ck))
            if "datatype" in props:  # shipped yaml spells dataType in lower case (works: keys match case-insensitively)
                x(sid, case + "-lowercase-datatype", props)
                props = {("dataType" if k == "datatype" else k): val for k, val in props.items()}
            v(sid, case, props)
    conns = yaml.safe_load(open("%s/%s/etc/connections/connection.yaml" % (META, tag))) or {}
    for typ, m in conns.items():
        for ck, props in m.items():
            sid = "connections/%s.%s" % (typ, line)
            if not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "%s.json" % sid)):
                sid = "connections/%s" % typ
            v(sid, "shipped-%s-%s" % (tag, slug(ck)), props or {})

# ------------------------------------------------------------------ write
if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for kind, d in (("valid", V), ("invalid", X)):
    os.makedirs(os.path.join(OUT, kind))
    for fn, inst in d.items():
        with open(os.path.join(OUT, kind, fn), "w", encoding="utf-8") as fh:
            json.dump(inst, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
print(len(V), "valid,", len(X), "invalid")
