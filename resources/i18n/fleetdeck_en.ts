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
</TS>
