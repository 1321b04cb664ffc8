<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n simulated phone(s) started.</source>
        <translation>
            <numerusform>%n simulated phone started.</numerusform>
            <numerusform>%n simulated phones started.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoPhonesPanel</name>
    <message numerus="yes">
        <source>Starting %n simulated phone(s)…</source>
        <translation>
            <numerusform>Starting %n simulated phone…</numerusform>
            <numerusform>Starting %n simulated phones…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhoneGridView</name>
    <message numerus="yes">
        <source>A label has at most %n character(s).</source>
        <translation>
            <numerusform>A label has at most %n character.</numerusform>
            <numerusform>A label has at most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>An account has at most %n character(s).</source>
        <translation>
            <numerusform>An account has at most %n character.</numerusform>
            <numerusform>An account has at most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s)</source>
        <translation>
            <numerusform>%n phone</numerusform>
            <numerusform>%n phones</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PipelineCanvas</name>
    <message numerus="yes">
        <source>, %1 cancelled</source>
        <translation>
            <numerusform>, %1 cancelled</numerusform>
            <numerusform>, %1 cancelled</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolEditorView</name>
    <message numerus="yes">
        <source>%n batch(es)</source>
        <translation>
            <numerusform>%n batch</numerusform>
            <numerusform>%n batches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry the %n failed task(s) of %1 as new batches?</source>
        <translation>
            <numerusform>Retry the %n failed task of %1 as a new batch?</numerusform>
            <numerusform>Retry the %n failed tasks of %1 as new batches?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has no failed task. Its %n cancelled task(s) were stopped on purpose: run them again as new batches?</source>
        <translation>
            <numerusform>%1 has no failed task. Its %n cancelled task was stopped on purpose: run it again as a new batch?</numerusform>
            <numerusform>%1 has no failed task. Its %n cancelled tasks were stopped on purpose: run them again as new batches?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry the %n failed task(s) of %1 as new batches? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</source>
        <translation>
            <numerusform>Retry the %n failed task of %1 as a new batch? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</numerusform>
            <numerusform>Retry the %n failed tasks of %1 as new batches? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also retry the %n cancelled task(s)</source>
        <translation>
            <numerusform>Also retry the %n cancelled task</numerusform>
            <numerusform>Also retry the %n cancelled tasks</numerusform>
        </translation>
    </message>
</context>
</TS>
