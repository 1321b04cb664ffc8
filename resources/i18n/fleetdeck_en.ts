<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AlertView</name>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n open alert</numerusform>
            <numerusform>%n open alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message numerus="yes">
        <source>%n node(s) match without the index</source>
        <translation>
            <numerusform>%n node matches without the index</numerusform>
            <numerusform>%n nodes match without the index</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GridController</name>
    <message numerus="yes">
        <source>Stopped %n phone(s); their work goes back to the pool.</source>
        <translation>
            <numerusform>Stopped %n phone; their work goes back to the pool.</numerusform>
            <numerusform>Stopped %n phones; their work goes back to the pool.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s) will finish their task and take no more.</source>
        <translation>
            <numerusform>%n phone will finish their task and take no more.</numerusform>
            <numerusform>%n phones will finish their task and take no more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s) take work again.</source>
        <translation>
            <numerusform>%n phone take work again.</numerusform>
            <numerusform>%n phones take work again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s) take work although too hot or low on battery, until they recover.</source>
        <translation>
            <numerusform>%n phone takes work although too hot or low on battery, until it recovers.</numerusform>
            <numerusform>%n phones take work although too hot or low on battery, until they recover.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n offline phone(s); a phone that connects again comes back.</source>
        <translation>
            <numerusform>Removed %n offline phone; a phone that connects again comes back.</numerusform>
            <numerusform>Removed %n offline phones; a phone that connects again comes back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message numerus="yes">
        <source>%n row(s) of the file have errors</source>
        <translation>
            <numerusform>%n row of the file has errors</numerusform>
            <numerusform>%n rows of the file have errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{file}: %n task(s) ready</source>
        <translation>
            <numerusform>{file}: %n task ready</numerusform>
            <numerusform>{file}: %n tasks ready</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorController</name>
    <message numerus="yes">
        <source>Valid flow {name}: %n step(s).</source>
        <translation>
            <numerusform>Valid flow {name}: %n step.</numerusform>
            <numerusform>Valid flow {name}: %n steps.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{phone}: %n node(s) on screen.</source>
        <translation>
            <numerusform>{phone}: %n node on screen.</numerusform>
            <numerusform>{phone}: %n nodes on screen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorView</name>
    <message numerus="yes">
        <source>%n node(s) match.</source>
        <translation>
            <numerusform>%n node matches.</numerusform>
            <numerusform>%n nodes match.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IntegrationView</name>
    <message numerus="yes">
        <source>Revoke %n token(s)? Calls with them are refused at once.</source>
        <translation>
            <numerusform>Revoke this token? Calls with it are refused at once.</numerusform>
            <numerusform>Revoke %n tokens? Calls with them are refused at once.</numerusform>
        </translation>
    </message>
</context>
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
    <name>NewBatchDialog</name>
    <message numerus="yes">
        <source>fix %n field(s)</source>
        <translation>
            <numerusform>fix %n field</numerusform>
            <numerusform>fix %n fields</numerusform>
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
    <name>OfflineSimulationBar</name>
    <message numerus="yes">
        <source>Starting %n simulated phone(s)…</source>
        <translation>
            <numerusform>Starting %n simulated phone…</numerusform>
            <numerusform>Starting %n simulated phones…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n simulated phone(s) of an earlier run (seed {seed}) are offline.</source>
        <translation>
            <numerusform>%n simulated phone of an earlier run (seed {seed}) are offline.</numerusform>
            <numerusform>%n simulated phones of an earlier run (seed {seed}) are offline.</numerusform>
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
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message numerus="yes">
        <source>Pipeline: %n stage(s)</source>
        <translation>
            <numerusform>Pipeline: %n stage</numerusform>
            <numerusform>Pipeline: %n stages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolController</name>
    <message numerus="yes">
        <source>Installing {apk} on %n phone(s): batch #{batch}.</source>
        <translation>
            <numerusform>Installing {apk} on %n phone: batch #{batch}.</numerusform>
            <numerusform>Installing {apk} on %n phones: batch #{batch}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolEditorView</name>
    <message numerus="yes">
        <source>Retry the %n failed task(s) of {what} as new batches?</source>
        <translation>
            <numerusform>Retry the %n failed task of {what} as new batches?</numerusform>
            <numerusform>Retry the %n failed tasks of {what} as new batches?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{what} has no failed task. Its %n cancelled task(s) were stopped on purpose: run them again as new batches?</source>
        <translation>
            <numerusform>{what} has no failed task. Its %n cancelled task were stopped on purpose: run them again as new batches?</numerusform>
            <numerusform>{what} has no failed task. Its %n cancelled tasks were stopped on purpose: run them again as new batches?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry the %n failed task(s) of {what} as new batches? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</source>
        <translation>
            <numerusform>Retry the %n failed task of {what} as new batches? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</numerusform>
            <numerusform>Retry the %n failed tasks of {what} as new batches? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</numerusform>
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
<context>
    <name>RecordView</name>
    <message numerus="yes">
        <source>%n record(s) shown</source>
        <translation>
            <numerusform>%n record shown</numerusform>
            <numerusform>%n records shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SchedulesView</name>
    <message numerus="yes">
        <source>Remove %n schedule(s)? They fire no more; their runs stay in the records.</source>
        <translation>
            <numerusform>Remove %n schedule? It fires no more; its runs stay in the records.</numerusform>
            <numerusform>Remove %n schedules? They fire no more; their runs stay in the records.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n schedule(s)</source>
        <translation>
            <numerusform>%n schedule</numerusform>
            <numerusform>%n schedules</numerusform>
        </translation>
    </message>
</context>
</TS>
