#!/usr/bin/env python3
"""Checks deploy/contracts against what Liaison really publishes.

Runs `liaison dev --demo` (fresh state, metrics every few seconds) long enough for the demo
departments to produce every output type, reads every record of every topic the AsyncAPI
document names with kcat, and validates each record's payload and headers against the JSON
Schemas (2020-12). Fails when

- a record's payload or headers do not validate (outputs always; department and inbound
  records unless Liaison refused them: those must then be on liaison.deadletter);
- an output record has a type the document does not list for its topic;
- a message the document lists was never exercised by a valid record;
- a payload or header has a member its schema does not name (the check adds
  `additionalProperties: false` everywhere; the published schemas stay open so that members
  can be added: consumers ignore what they do not know).

Usage: scripts/check-contracts.py --liaison PATH [--seconds 75] [--keep DIR]
       scripts/check-contracts.py --records DIR/records.json   (check records kept earlier)
"""
import argparse
import copy
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict

import yaml
from jsonschema import Draft202012Validator, FormatChecker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTRACTS = os.path.join(ROOT, "deploy", "contracts")


def load_contracts():
    """Per channel address: {message name: (payload validator, headers validator)}."""
    doc = yaml.safe_load(open(os.path.join(CONTRACTS, "asyncapi.yaml"), encoding="utf-8"))
    components = doc["components"]

    def local(ref):
        node = doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def flatten_headers(schema):
        """One object schema from a header schema and its allOf/$ref parts."""
        if "$ref" in schema:
            return flatten_headers(local(schema["$ref"]))
        out = {"type": "object", "properties": {}, "required": []}
        for part in schema.get("allOf", []):
            flat = flatten_headers(part)
            out["properties"].update(flat["properties"])
            out["required"] += flat["required"]
        out["properties"].update(schema.get("properties", {}))
        out["required"] += schema.get("required", [])
        if schema.get("additionalProperties") is True or out.get("additionalProperties") is True:
            out["additionalProperties"] = True
        else:
            out["additionalProperties"] = False
        return out

    def strict(schema):
        """A copy that refuses members the schema does not name."""
        schema = copy.deepcopy(schema)

        def walk(node):
            if isinstance(node, dict):
                if "properties" in node and "additionalProperties" not in node:
                    node["additionalProperties"] = False
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(schema)
        return schema

    payloads = {}
    channels = {}
    for channel in doc["channels"].values():
        messages = {}
        for ref in channel["messages"].values():
            message = local(ref["$ref"])
            path = os.path.normpath(os.path.join(CONTRACTS, message["payload"]["schema"]["$ref"]))
            if path not in payloads:
                schema = json.load(open(path, encoding="utf-8"))
                Draft202012Validator.check_schema(schema)
                payloads[path] = Draft202012Validator(strict(schema), format_checker=FormatChecker())
            headers = Draft202012Validator(flatten_headers(message["headers"]))
            messages[message["name"]] = (payloads[path], headers)
        channels[channel["address"]] = messages
    return channels


def errors(validator, instance):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(instance)]


def dump_topic(bootstrap, topic, into):
    out = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J"],
                         capture_output=True, text=True, timeout=120)
    records = []
    for line in out.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            records.append(json.loads(line))
    into[topic] = records


def header_map(record):
    flat = record.get("headers") or []
    return {flat[i]: flat[i + 1] for i in range(0, len(flat) - 1, 2)}


def run_demo(liaison, seconds, state_dir):
    env = dict(os.environ, LIAISON_METRICS_INTERVAL="5s", LIAISON_ADMIN_LISTEN="off")
    log = open(os.path.join(state_dir, "dev.log"), "w")
    process = subprocess.Popen([liaison, "dev", "--demo", "--fresh", "--quiet", "--demo-interval", "1",
                                "--state-dir", state_dir], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    bootstrap_file = os.path.join(state_dir, "bootstrap")
    for _ in range(600):
        if os.path.exists(bootstrap_file) or process.poll() is not None:
            break
        time.sleep(0.1)
    if process.poll() is not None or not os.path.exists(bootstrap_file):
        sys.exit(f"liaison dev did not start; see {state_dir}/dev.log")
    bootstrap = open(bootstrap_file).read().strip()
    print(f"== liaison dev --demo at {bootstrap}; letting the demo departments work for {seconds} s")
    time.sleep(seconds)
    return process, bootstrap


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--liaison")
    parser.add_argument("--records", help="check the records a --keep run saved instead of running the demo")
    parser.add_argument("--seconds", type=int, default=75)
    parser.add_argument("--keep", help="keep the state folder and the dumped records here")
    args = parser.parse_args()

    channels = load_contracts()
    started = time.time()
    if args.records:
        state_dir = os.path.dirname(os.path.abspath(args.records))
        dumped = json.load(open(args.records, encoding="utf-8"))
    else:
        if not args.liaison:
            parser.error("--liaison or --records is required")
        state_dir = args.keep or tempfile.mkdtemp(prefix="liaison-contracts-")
        os.makedirs(state_dir, exist_ok=True)
        dumped = record_demo(args.liaison, args.seconds, state_dir)
    check(channels, dumped, state_dir, started, keep=bool(args.keep or args.records))


def record_demo(liaison, seconds, state_dir):
    """Every record of every topic after `seconds` of demo traffic."""
    process, bootstrap = run_demo(liaison, seconds, state_dir)
    channels = load_contracts()
    try:
        listing = json.loads(subprocess.run(["kcat", "-b", bootstrap, "-L", "-J"], capture_output=True, text=True, timeout=60).stdout)
        topics = [t["topic"] for t in listing["topics"]]
        wanted = [t for t in topics if t in channels or t.startswith("dept.")]
        dumped = {}
        threads = [threading.Thread(target=dump_topic, args=(bootstrap, topic, dumped)) for topic in wanted]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    json.dump(dumped, open(os.path.join(state_dir, "records.json"), "w"), ensure_ascii=False)
    return dumped


def check(channels, dumped, state_dir, started, keep):

    failures = []
    exercised = Counter()
    refused = set()
    for record in dumped.get("liaison.deadletter", []):
        h = header_map(record)
        refused.add((h.get("liaison.origin.topic"), h.get("liaison.origin.partition"), h.get("liaison.origin.offset")))
    tolerated = 0

    def fail(topic, record, what):
        failures.append(f"{topic}[{record.get('partition')}]@{record.get('offset')}: {what}")

    for topic, records in sorted(dumped.items()):
        inbound = topic.startswith("dept.") or topic == "liaison.inbound"
        messages = channels["dept.{unit}"] if topic.startswith("dept.") else channels[topic]
        for record in records:
            headers = header_map(record)
            problems = []
            name = None
            payload = record.get("payload")
            try:
                value = json.loads(payload) if payload is not None else None
            except ValueError:
                value = ValueError
            if topic == "liaison.deadletter":
                name = "liaison.deadletter"
                problems += errors(messages[name][1], headers)
            elif topic == "liaison.audit":
                name = "liaison.audit.checkpoint"
                payload_validator, header_validator = messages[name]
                problems += errors(header_validator, headers)
                problems += ["payload is not JSON"] if value is ValueError else errors(payload_validator, value)
                if isinstance(value, dict) and record.get("key") != f"partition-{value.get('partition')}":
                    problems.append(f"key {record.get('key')!r} is not partition-{value.get('partition')}")
            elif inbound and (headers.get("content-type", "").startswith("application/cloudevents+json")
                              or (not any(k.lower().startswith("ce_") for k in headers) and isinstance(value, dict) and "specversion" in value)):
                payload_validator, header_validator = messages["cloudevents-structured"]
                problems += errors(header_validator, headers)
                if value is ValueError or not isinstance(value, dict):
                    problems.append("structured record is not a JSON object")
                else:
                    problems += errors(payload_validator, value)
                    name = value.get("type")
                    if name in messages:
                        problems += [f"data: {e}" for e in errors(messages[name][0], value.get("data") or {})]
                    else:
                        problems.append(f"type {name!r} is not listed for {topic}")
                    if not problems:
                        exercised["cloudevents-structured"] += 1
            else:
                name = headers.get("ce_type")
                if name not in messages:
                    problems.append(f"type {name!r} is not listed for {topic}")
                else:
                    payload_validator, header_validator = messages[name]
                    problems += errors(header_validator, headers)
                    if value is ValueError:
                        problems.append("payload is not JSON")
                    else:
                        problems += errors(payload_validator, {} if value is None and inbound else value)
                    if not inbound:
                        key = record.get("key")
                        if headers.get("ce_subject") != key:
                            problems.append(f"ce_subject {headers.get('ce_subject')!r} is not the key {key!r}")
                        if "liaison.unit" in headers and isinstance(value, dict):
                            addressee = value.get("remind", value.get("unit"))
                            if headers["liaison.unit"] != addressee:
                                problems.append(f"liaison.unit {headers['liaison.unit']!r} is not the addressee {addressee!r}")
            if problems and inbound:
                origin = (headers.get("liaison.origin.topic", topic), headers.get("liaison.origin.partition", str(record.get("partition"))),
                          headers.get("liaison.origin.offset", str(record.get("offset"))))
                if origin in refused:
                    tolerated += 1
                    continue
                problems.append("and Liaison did not dead-letter it")
            if problems:
                fail(topic, record, "; ".join(problems[:4]))
            elif name:
                exercised[name] += 1

    listed = {name for messages in channels.values() for name in messages}
    for name in sorted(listed - set(exercised)):
        failures.append(f"{name}: no valid record exercised this schema")
    total = sum(len(r) for r in dumped.values())
    print(f"== {total} records on {len(dumped)} topics; {tolerated} malformed department records were dead-lettered as they should")
    for name in sorted(listed):
        print(f"   {exercised[name]:6d}  {name}")
    print(f"== took {time.time() - started:.0f} s; records kept in {state_dir}/records.json" if keep else
          f"== took {time.time() - started:.0f} s")
    if failures:
        print(f"== {len(failures)} contract failures:")
        for line in failures[:40]:
            print("   " + line)
        sys.exit(1)
    print("== every record matches deploy/contracts, and every schema was exercised")


if __name__ == "__main__":
    main()
