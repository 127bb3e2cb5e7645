#!/usr/bin/env python3
"""Prints every failed test of the TRX files given, with its message and the first lines of its stack trace,
so that a red run says what failed even when only the tail of the output is read."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
count = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        print(f"(could not read {path}: {error})")
        continue
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        count += 1
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=NS).strip()
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        for line in message.splitlines()[:25]:
            print(f"    {line}")
        for line in stack.splitlines()[:8]:
            print(f"    {line}")
if count:
    print(f"{count} failed test(s) listed above.")
