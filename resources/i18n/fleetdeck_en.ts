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
</TS>
