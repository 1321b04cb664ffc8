<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>FleetDeck {version} — {database}</source>
        <translation>FleetDeck {version} — {database}</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Task pool</source>
        <translation>任务池</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>执行记录</translation>
    </message>
    <message>
        <source>Database: {database}   Host: {host}</source>
        <translation>数据库：{database}   主机：{host}</translation>
    </message>
    <message>
        <source>Stop selected</source>
        <translation>停止所选</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Batch #{batch_id} created.</source>
        <translation>已创建批次 #{batch_id}。</translation>
    </message>
    <message>
        <source>The batch was not created: {reason}</source>
        <translation>批次未创建：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n simulated phone(s) started.</source>
        <translation>
            <numerusform>已启动 %n 台模拟手机。</numerusform>
        </translation>
    </message>
</context>
</TS>
