#!/usr/bin/python3
"""Produces one event to Kafka, built from the event's JSON Schema alone, as any non-.NET client could.

Usage: produce_event.py <bootstrap> <topic> <schema.json> [field=value ...]
       [--key-field FIELD] [--dataschema URI]

Each required property takes its given value, or one made from the schema (uuid, date-time, email,
numbers within their limits, strings within their lengths and pattern). The event is checked against
the schema before anything is sent. The record follows the CloudEvents Kafka binding, binary mode, as
the modules expect: key = the aggregate id, value = the event as JSON, ce_* headers, ce_type = the
schema's title (the wire type). On success the event's JSON is printed on stdout.

Needs only Python 3 and confluent_kafka (Debian: apt-get install python3-confluent-kafka).
Exit codes: 0 produced; 2 bad arguments or schema; 3 the event breaks the schema (nothing sent);
4 the broker did not acknowledge it; 5 confluent_kafka is not installed.
"""

import argparse
import datetime
import json
import random
import re
import sys
import uuid
from decimal import ROUND_CEILING, Decimal, InvalidOperation

EXIT_USAGE = 2
EXIT_INVALID_EVENT = 3
EXIT_NOT_DELIVERED = 4
EXIT_MISSING_CLIENT = 5

try:
    import confluent_kafka
except ImportError:
    print("confluent_kafka is not installed: apt-get install python3-confluent-kafka (Debian), then run this with /usr/bin/python3",
          file=sys.stderr)
    sys.exit(EXIT_MISSING_CLIENT)


class UsageError(Exception):
    pass


class InvalidEvent(Exception):
    pass


# What this validator understands. A schema using anything else is refused rather than half-checked.
ASSERTION_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "minLength", "maxLength", "pattern",
    "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "enum", "const",
}
ANNOTATION_KEYWORDS = {
    "$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
}

UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RFC3339_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
WIRE_TYPE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+\.v[0-9]+$")


# ---- checking -------------------------------------------------------------------------------------

def types_of(schema):
    declared = schema.get("type")
    return [declared] if isinstance(declared, str) else list(declared or [])


def has_type(value, json_type):
    # bool is an int in Python, but not a JSON number.
    if json_type == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, Decimal) and value == value.to_integral_value())
    if json_type == "number":
        return isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    return {
        "string": lambda: isinstance(value, str),
        "boolean": lambda: isinstance(value, bool),
        "object": lambda: isinstance(value, dict),
        "array": lambda: isinstance(value, list),
        "null": lambda: value is None,
    }.get(json_type, lambda: False)()


def is_valid_date_time(text):
    match = RFC3339_DATE_TIME.match(text)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))  # 60: a leap second
    except ValueError:
        return False
    return second <= 60 and (match.group(9) is None or int(match.group(9)) <= 23 and int(match.group(10)) <= 59)


def check(value, schema, path, errors):
    """Appends to errors every way value breaks schema (for the keywords above)."""
    unknown = set(schema) - ASSERTION_KEYWORDS - ANNOTATION_KEYWORDS
    if unknown:
        raise UsageError(f"{path or 'the schema'} uses {', '.join(sorted(unknown))}, which this checker does not implement")

    types = types_of(schema)
    if types and not any(has_type(value, t) for t in types):
        errors.append(f"{path}: {to_json(value)} is not of type {' or '.join(types)}")
        return
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: must be {to_json(schema['const'])}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: must be one of {to_json(schema['enum'])}")

    if isinstance(value, str):
        # JSON Schema counts code points, as len() does.
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append(f"{path}: {to_json(value)} is shorter than minLength {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{path}: is longer than maxLength {schema['maxLength']} ({len(value)} characters)")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {to_json(value)} does not match pattern {schema['pattern']}")
        text_format = schema.get("format")
        if text_format == "uuid" and not UUID_TEXT.match(value):
            errors.append(f"{path}: {to_json(value)} is not a uuid")
        if text_format == "date-time" and not is_valid_date_time(value):
            errors.append(f"{path}: {to_json(value)} is not an RFC 3339 date-time")
        if text_format == "email" and not EMAIL.match(value):
            errors.append(f"{path}: {to_json(value)} is not an email address")

    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        number = Decimal(value)
        if "minimum" in schema and number < schema["minimum"]:
            errors.append(f"{path}: {number} is below minimum {schema['minimum']}")
        if "maximum" in schema and number > schema["maximum"]:
            errors.append(f"{path}: {number} is above maximum {schema['maximum']}")
        if "exclusiveMinimum" in schema and number <= schema["exclusiveMinimum"]:
            errors.append(f"{path}: {number} is not above exclusiveMinimum {schema['exclusiveMinimum']}")
        if "exclusiveMaximum" in schema and number >= schema["exclusiveMaximum"]:
            errors.append(f"{path}: {number} is not below exclusiveMaximum {schema['exclusiveMaximum']}")
        if "multipleOf" in schema and number % Decimal(schema["multipleOf"]) != 0:
            errors.append(f"{path}: {number} is not a multiple of {schema['multipleOf']}")

    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}.{name}: is required" if path else f"{name}: is required")
        for name, item in value.items():
            item_path = f"{path}.{name}" if path else name
            if name in properties:
                check(item, properties[name], item_path, errors)
            elif schema.get("additionalProperties") is False:
                errors.append(f"{item_path}: is not a property of the schema")
            elif isinstance(schema.get("additionalProperties"), dict):
                check(item, schema["additionalProperties"], item_path, errors)


# ---- making values --------------------------------------------------------------------------------

def now_rfc3339():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fit_length(text, schema):
    text = text.ljust(schema.get("minLength", 0), "x")
    return text[:schema["maxLength"]] if "maxLength" in schema else text


PATTERN_TOKEN = re.compile(r"\[(?P<set>[^\]]+)\]|\\(?P<escape>.)|(?P<literal>[^\\\[\](){}|?*+^$.])")
PATTERN_QUANTIFIER = re.compile(r"\{(\d+)(?:,(\d*))?\}|(\?)|(\+)|(\*)")
ESCAPES = {"d": "0123456789", "w": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"}


def characters_of(char_set):
    if char_set.startswith("^"):
        raise ValueError("negated class")
    chars, i = [], 0
    while i < len(char_set):
        if i + 2 < len(char_set) and char_set[i + 1] == "-":
            chars += [chr(c) for c in range(ord(char_set[i]), ord(char_set[i + 2]) + 1)]
            i += 3
        else:
            chars.append(char_set[i])
            i += 1
    return chars


def from_pattern(pattern):
    """A string matching an anchored sequence of classes and literals with quantifiers, e.g. ^[A-Z]{3}$."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError("not anchored")
    body, text, i = pattern[1:-1], [], 0
    while i < len(body):
        token = PATTERN_TOKEN.match(body, i)
        if not token:
            raise ValueError(f"unsupported at {body[i:]!r}")
        i = token.end()
        if token.group("set"):
            choices = characters_of(token.group("set"))
        elif token.group("escape"):
            choices = list(ESCAPES.get(token.group("escape"), token.group("escape")))
        else:
            choices = [token.group("literal")]
        count = 1
        quantifier = PATTERN_QUANTIFIER.match(body, i)
        if quantifier:
            i = quantifier.end()
            exact, upper, optional, plus, star = quantifier.groups()
            count = int(exact) if exact is not None else 1 if plus else 0 if (optional or star) else 1
        text += [random.choice(choices) for _ in range(count)]
    return "".join(text)


def make_string(name, schema):
    text_format = schema.get("format")
    if text_format == "uuid":
        return str(uuid.uuid4())
    if text_format == "date-time":
        return now_rfc3339()
    if text_format == "email":
        # Unique, so a module that refuses a second user with one address takes it.
        return fit_length(f"interop-{uuid.uuid4().hex[:12]}@example.com", schema)
    if "pattern" in schema:
        try:
            return from_pattern(schema["pattern"])
        except ValueError as e:
            raise UsageError(f"cannot make a value matching {name}'s pattern {schema['pattern']} ({e}): give {name}=...")
    return fit_length(f"interop {name}", schema)


def make_number(name, schema, integer):
    step = Decimal(schema.get("multipleOf", 1 if integer else Decimal("0.01")))
    low = Decimal(schema.get("minimum", schema.get("exclusiveMinimum", 0)))
    high = Decimal(schema.get("maximum", schema.get("exclusiveMaximum", 1000000)))
    # 1 when the limits allow (a zero quantity or total is legal but a poor sample), else the lowest allowed.
    value = (max(low, min(Decimal(1), high)) / step).to_integral_value(ROUND_CEILING) * step
    if step.as_tuple().exponent < 0:
        value = value.quantize(step)  # 1.00, not 1: written with the step's decimal places
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        value += step
    if value > high or value == high and "exclusiveMaximum" in schema:
        raise UsageError(f"cannot make a value for {name} within its limits: give {name}=...")
    return int(value) if integer else value


def make_value(name, schema):
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    types = [t for t in types_of(schema) if t != "null"] or ["null"]
    json_type = types[0]
    if json_type == "string":
        return make_string(name, schema)
    if json_type in ("integer", "number"):
        return make_number(name, schema, json_type == "integer")
    if json_type == "boolean":
        return True
    if json_type == "object":
        return make_object(schema, {}, name + ".")
    if json_type == "null":
        return None
    raise UsageError(f"cannot make a value of type {json_type} for {name}: give {name}=...")


def parse_given(name, text, schema):
    """A field=value argument as the JSON value its schema's type asks for."""
    types = types_of(schema)
    if "string" in types or not types:
        return text
    try:
        if "integer" in types or "number" in types:
            number = Decimal(text)
            if not number.is_finite():
                raise InvalidOperation
            return int(number) if "integer" in types and number == number.to_integral_value() else number
        if "boolean" in types and text in ("true", "false"):
            return text == "true"
        if "null" in types and text == "null":
            return None
        return json.loads(text, parse_float=Decimal)
    except (InvalidOperation, ValueError):
        raise InvalidEvent(f"{name}: {text!r} is not of type {' or '.join(types)}")


def make_object(schema, given, prefix=""):
    properties = schema.get("properties", {})
    for name in given:
        if name not in properties:
            raise UsageError(f"the schema has no property {prefix}{name} (it has {', '.join(properties)})")
    event = {}
    for name, property_schema in properties.items():
        if name in given:
            event[name] = parse_given(prefix + name, given[name], property_schema)
        elif name in schema.get("required", []):
            event[name] = make_value(prefix + name, property_schema)
    return event


# ---- writing --------------------------------------------------------------------------------------

def to_json(value):
    """Compact JSON, with decimals written exactly (json.dumps would need floats: money is never a float)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + to_json(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def source_of(wire_type):
    # ecommerce.users.user-created.v1 -> /ecommerce/users, as the host names its streams' sources.
    return "/" + "/".join(wire_type.split(".")[:-2])


def default_key_field(schema):
    for name, property_schema in schema.get("properties", {}).items():
        if name != "eventId" and property_schema.get("format") == "uuid":
            return name
    raise UsageError("the schema has no uuid property besides eventId to key the record by: give --key-field")


def produce(bootstrap, topic, key, value, headers):
    producer = confluent_kafka.Producer({
        "bootstrap.servers": bootstrap,
        # Written once, acknowledged by every in-sync replica: the host's own producer settings.
        "acks": "all",
        "enable.idempotence": True,
        # The host's partitioner (librdkafka's default): one aggregate's events share a partition whoever writes them.
        "partitioner": "consistent_random",
        "message.timeout.ms": 15000,
    })
    outcome = {}

    def delivered(error, message):
        outcome["error"] = error
        outcome["message"] = message

    producer.produce(topic, key=key.encode(), value=value.encode(), headers=headers, on_delivery=delivered)
    remaining = producer.flush(20)
    if remaining or "error" not in outcome:
        raise ConnectionError(f"not acknowledged by {bootstrap} in time")
    if outcome["error"] is not None:
        raise ConnectionError(str(outcome["error"]))
    return outcome["message"]


def main():
    parser = argparse.ArgumentParser(description="Produce one event to Kafka, built from its JSON Schema alone.")
    parser.add_argument("bootstrap", help="Kafka bootstrap servers, e.g. 127.0.0.1:9092")
    parser.add_argument("topic", help="e.g. ecommerce.users")
    parser.add_argument("schema", help="the event version's JSON Schema, e.g. ecommerce.users.user-created.v1.json")
    parser.add_argument("fields", nargs="*", metavar="field=value", help="a property's value instead of a made one")
    parser.add_argument("--key-field", help="the property holding the aggregate id, the record's key (default: the first uuid property after eventId)")
    parser.add_argument("--dataschema", help="a URI for the ce_dataschema header (default: none)")
    arguments = parser.parse_args()

    try:
        with open(arguments.schema, encoding="utf-8") as file:
            schema = json.load(file, parse_float=Decimal)
        wire_type = schema.get("title", "")
        if not WIRE_TYPE.match(wire_type):
            raise UsageError(f"the schema's title {wire_type!r} is not a wire type like ecommerce.users.user-created.v1")
        given = {}
        for field in arguments.fields:
            name, separator, text = field.partition("=")
            if not separator:
                raise UsageError(f"{field!r} is not field=value")
            given[name] = text

        event = make_object(schema, given)
        errors = []
        check(event, schema, "", errors)
        if errors:
            raise InvalidEvent("; ".join(errors))

        key_field = arguments.key_field or default_key_field(schema)
        if not isinstance(event.get(key_field), str):
            raise UsageError(f"the key field {key_field} is not a string property of the event")
    except (OSError, json.JSONDecodeError, UsageError) as e:
        print(f"produce_event: {e}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidEvent as e:
        print(f"produce_event: the event breaks {arguments.schema}, nothing was sent: {e}", file=sys.stderr)
        return EXIT_INVALID_EVENT

    value = to_json(event)
    headers = [
        ("ce_specversion", b"1.0"),
        # The body's event id when the schema has one: consumers deduplicate by it.
        ("ce_id", str(event.get("eventId") or uuid.uuid4()).encode()),
        ("ce_type", wire_type.encode()),
        ("ce_source", source_of(wire_type).encode()),
        # When it happened, as the host stamps its own records, or now.
        ("ce_time", str(event.get("occurredAt") or now_rfc3339()).encode()),
        ("content-type", b"application/json"),
    ]
    if arguments.dataschema:
        headers.append(("ce_dataschema", arguments.dataschema.encode()))

    try:
        message = produce(arguments.bootstrap, arguments.topic, event[key_field], value, headers)
    except (ConnectionError, confluent_kafka.KafkaException) as e:
        print(f"produce_event: {wire_type} was not delivered to {arguments.topic}: {e}", file=sys.stderr)
        return EXIT_NOT_DELIVERED

    print(f"produce_event: {wire_type} keyed {event[key_field]} to {message.topic()}[{message.partition()}] at offset {message.offset()}",
          file=sys.stderr)
    print(value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
