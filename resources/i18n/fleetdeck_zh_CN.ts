<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AfterBatchBox</name>
    <message>
        <source>Run after a batch (one task per output item)</source>
        <translation>接在某批次之后运行（每条产出数据一个任务）</translation>
    </message>
    <message>
        <source>No batch with output items to run after</source>
        <translation>没有可以接续的、有产出数据的批次</translation>
    </message>
    <message>
        <source>Upstream batch:</source>
        <translation>上游批次：</translation>
    </message>
    <message>
        <source>map at least one item field to a parameter</source>
        <translation>至少把一个数据字段对应到参数</translation>
    </message>
    <message>
        <source>Parameter ← item field</source>
        <translation>参数 ← 数据字段</translation>
    </message>
    <message>
        <source>(from the form)</source>
        <translation>（用表单中的值）</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
</context>
<context>
    <name>AlertModel</name>
    <message>
        <source>Raised</source>
        <translation>告警时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Acknowledged by {who}</source>
        <translation>已由 {who} 确认</translation>
    </message>
</context>
<context>
    <name>AlertView</name>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Only open alerts</source>
        <translation>只看未确认</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n 条未确认告警</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlertWords</name>
    <message>
        <source>Fatal failure</source>
        <translation>致命失败</translation>
    </message>
    <message>
        <source>No eligible account left</source>
        <translation>没有可用账号</translation>
    </message>
    <message>
        <source>Phone offline</source>
        <translation>手机离线</translation>
    </message>
    <message>
        <source>Artifact store not accepting uploads</source>
        <translation>证据存储无法上传</translation>
    </message>
    <message>
        <source>Batch {batch}, flow {flow}: {code} — {what}</source>
        <translation>批次 {batch}，流程 {flow}：{code} — {what}</translation>
    </message>
    <message>
        <source>Batch {batch}: {tasks} task(s) failed, all {accounts} accounts barred</source>
        <translation>批次 {batch}：{tasks} 个任务失败，全部 {accounts} 个账号已被排除</translation>
    </message>
    <message>
        <source>unauthorized</source>
        <translation>未授权</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>{device} has been {state} for {minutes} min</source>
        <translation>{device} 处于{state}状态已 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Host {host}: {waiting} artifact(s) waiting, no upload for {minutes} min</source>
        <translation>主机 {host}：{waiting} 个证据待上传，已 {minutes} 分钟未能上传</translation>
    </message>
</context>
<context>
    <name>BatchProgress</name>
    <message>
        <source>%1 done</source>
        <translation>%1 完成</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 失败</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <source>%1 running</source>
        <translation>%1 运行中</translation>
    </message>
    <message>
        <source>%1 queued</source>
        <translation>%1 排队中</translation>
    </message>
    <message>
        <source>no tasks yet</source>
        <translation>还没有任务</translation>
    </message>
</context>
<context>
    <name>BatchSettings</name>
    <message>
        <source>Once on every targeted phone</source>
        <translation>在每台目标手机上各执行一次</translation>
    </message>
    <message>
        <source>Count tasks; any free phone takes the next one</source>
        <translation>按数量生成任务，空闲的手机依次领取</translation>
    </message>
    <message>
        <source>Count tasks spread evenly over distinct accounts</source>
        <translation>按数量生成任务，平均分到不同账号</translation>
    </message>
    <message>
        <source>Lower runs first</source>
        <translation>数字越小越先运行</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The longest one attempt may run</source>
        <translation>单次执行最长可运行的时间</translation>
    </message>
    <message>
        <source>All phones</source>
        <translation>全部手机</translation>
    </message>
    <message>
        <source>Selected phones ({count})</source>
        <translation>所选手机（{count} 台）</translation>
    </message>
    <message>
        <source>Accounts:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <source>Also phones that join while the batch runs</source>
        <translation>批次运行期间新接入的手机也执行</translation>
    </message>
    <message>
        <source>Checked: a phone that connects later gets its task too. Unchecked: only the phones known now (each-device on all phones only)</source>
        <translation>勾选：之后接入的手机也会分到任务。不勾选：只给现在已知的手机（仅限“每台手机”模式且目标为全部手机）</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Targets:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>Tasks:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Count: a number of tasks cannot be negative</source>
        <translation>数量：任务数不能为负数</translation>
    </message>
    <message>
        <source>tick at least one account</source>
        <translation>至少勾选一个账号</translation>
    </message>
    <message>
        <source>no phone is selected in the grid</source>
        <translation>手机墙中没有选中手机</translation>
    </message>
    <message>
        <source>One task per item of the upstream batch</source>
        <translation>上游批次的每个输出项一个任务</translation>
    </message>
    <message>
        <source>Each-device batches run once per targeted phone</source>
        <translation>“每台手机”模式的批次在每台目标手机上各运行一次</translation>
    </message>
    <message>
        <source>How many tasks</source>
        <translation>任务数量</translation>
    </message>
</context>
<context>
    <name>BatchState</name>
    <message>
        <source>waiting</source>
        <translation>等待上游</translation>
    </message>
    <message>
        <source>active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>BatchTableModel</name>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>创建人</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>流水线</translation>
    </message>
    <message>
        <source>Lower runs first. Double-click to change.</source>
        <translation>数字越小越先运行。双击修改。</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <source>Resource id</source>
        <translation>资源 ID</translation>
    </message>
    <message>
        <source>Resource id + text</source>
        <translation>资源 ID + 文字</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Class + index</source>
        <translation>类名 + 序号</translation>
    </message>
    <message>
        <source>XPath</source>
        <translation>XPath</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最稳</translation>
    </message>
    <message>
        <source>good</source>
        <translation>稳</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>fragile</source>
        <translation>易失效</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) match without the index</source>
        <translation>
            <numerusform>不加序号时匹配 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Robustness</source>
        <translation>稳定性</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>选择器</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>匹配数</translation>
    </message>
</context>
<context>
    <name>DatabaseBar</name>
    <message>
        <source>Database unreachable since {time}. Retrying; running flows go on, and their results are recorded when it is back. What you see here may be out of date.</source>
        <translation>数据库自 {time} 起无法连接，正在重试；运行中的任务继续执行，结果在数据库恢复后写入。此处显示的内容可能不是最新的。</translation>
    </message>
</context>
<context>
    <name>DeliveryModel</name>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rejections</source>
        <translation>被拒次数</translation>
    </message>
    <message>
        <source>Last status</source>
        <translation>最近状态码</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>耗时（毫秒）</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>事件 ID</translation>
    </message>
</context>
<context>
    <name>DeliveryState</name>
    <message>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>delivering</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已放弃</translation>
    </message>
</context>
<context>
    <name>DeviceError</name>
    <message>
        <source>the phone is offline or unplugged</source>
        <translation>手机离线或已拔出</translation>
    </message>
    <message>
        <source>the phone has not allowed this PC (adb)</source>
        <translation>手机未授权本电脑（adb）</translation>
    </message>
    <message>
        <source>this PC&apos;s adb server does not answer</source>
        <translation>本电脑的 adb 服务无响应</translation>
    </message>
    <message>
        <source>uiautomator2 does not answer on the phone</source>
        <translation>手机上的 uiautomator2 无响应</translation>
    </message>
    <message>
        <source>the element did not appear</source>
        <translation>元素未出现</translation>
    </message>
    <message>
        <source>the app is not installed</source>
        <translation>应用未安装</translation>
    </message>
    <message>
        <source>the app did not come to the front</source>
        <translation>应用未切到前台</translation>
    </message>
    <message>
        <source>the APK was refused</source>
        <translation>APK 安装被拒绝</translation>
    </message>
    <message>
        <source>the phone took too long to answer</source>
        <translation>手机响应超时</translation>
    </message>
    <message>
        <source>the request was not valid</source>
        <translation>请求无效</translation>
    </message>
</context>
<context>
    <name>ErrorClass</name>
    <message>
        <source>retryable</source>
        <translation>可重试</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备问题</translation>
    </message>
    <message>
        <source>fatal</source>
        <translation>无法完成</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>lease expired</source>
        <translation>执行端失联</translation>
    </message>
</context>
<context>
    <name>ErrorCode</name>
    <message>
        <source>The phone dropped off adb: offline, unplugged or rebooting.</source>
        <translation>手机与 adb 断开:离线、拔出或正在重启。</translation>
    </message>
    <message>
        <source>The phone has not accepted this PC&apos;s adb key.</source>
        <translation>手机尚未接受本电脑的 adb 密钥。</translation>
    </message>
    <message>
        <source>This PC&apos;s adb server is down or unreachable.</source>
        <translation>本电脑的 adb 服务已停止或无法连接。</translation>
    </message>
    <message>
        <source>The uiautomator2 service on the phone would not start or answer.</source>
        <translation>手机上的 uiautomator2 服务无法启动或无响应。</translation>
    </message>
    <message>
        <source>An element of the app&apos;s screen did not appear in time.</source>
        <translation>应用界面上的某个元素未按时出现。</translation>
    </message>
    <message>
        <source>The app is not installed on this phone.</source>
        <translation>这台手机未安装该应用。</translation>
    </message>
    <message>
        <source>The app did not come to the front in time.</source>
        <translation>应用未能按时切到前台。</translation>
    </message>
    <message>
        <source>The phone refused to install the APK.</source>
        <translation>手机拒绝安装该 APK。</translation>
    </message>
    <message>
        <source>A call to the phone, or the whole attempt, ran out of time.</source>
        <translation>对手机的一次调用或整个尝试超时。</translation>
    </message>
    <message>
        <source>The flow asked the phone for something impossible.</source>
        <translation>流程向手机提出了无法执行的请求。</translation>
    </message>
    <message>
        <source>The video was not found in the creator&apos;s list.</source>
        <translation>在作者的视频列表中找不到该视频。</translation>
    </message>
    <message>
        <source>No creator matched the search.</source>
        <translation>没有与搜索匹配的作者。</translation>
    </message>
    <message>
        <source>The phone&apos;s account is restricted by the app.</source>
        <translation>手机上的账号被应用限制。</translation>
    </message>
    <message>
        <source>The app showed its network-error notice.</source>
        <translation>应用显示了网络错误提示。</translation>
    </message>
    <message>
        <source>The app on this phone is not logged in.</source>
        <translation>这台手机上的应用未登录。</translation>
    </message>
    <message>
        <source>The app says the content was removed.</source>
        <translation>应用提示内容已被删除。</translation>
    </message>
    <message>
        <source>The phone did not open the app&apos;s link to the creator.</source>
        <translation>手机没有打开应用的作者链接。</translation>
    </message>
    <message>
        <source>The APK file to install was not found.</source>
        <translation>找不到要安装的 APK 文件。</translation>
    </message>
    <message>
        <source>A check written in the flow did not hold.</source>
        <translation>流程中的检查条件未满足。</translation>
    </message>
    <message>
        <source>The task&apos;s parameters are not valid for the flow.</source>
        <translation>任务参数不符合该流程的要求。</translation>
    </message>
    <message>
        <source>A step of the YAML flow got a value it cannot use.</source>
        <translation>YAML 流程的某一步得到了无法使用的值。</translation>
    </message>
    <message>
        <source>The flow itself did something wrong (a bug to report).</source>
        <translation>流程本身出错(需要报告的缺陷)。</translation>
    </message>
    <message>
        <source>Flows call each other in a loop.</source>
        <translation>流程之间循环调用。</translation>
    </message>
    <message>
        <source>The flow needs a phone but ran without one.</source>
        <translation>流程需要手机,却在没有手机的情况下运行。</translation>
    </message>
    <message>
        <source>The flow names an app profile that does not exist.</source>
        <translation>流程引用了不存在的应用配置。</translation>
    </message>
    <message>
        <source>The app profile lacks a selector the flow uses.</source>
        <translation>应用配置缺少流程使用的选择器。</translation>
    </message>
    <message>
        <source>The app profile lacks a value the flow needs.</source>
        <translation>应用配置缺少流程需要的值。</translation>
    </message>
    <message>
        <source>The flow raised an unexpected error (a bug to report).</source>
        <translation>流程出现意外错误(需要报告的缺陷)。</translation>
    </message>
    <message>
        <source>The worker running the attempt crashed.</source>
        <translation>运行该尝试的工作线程崩溃了。</translation>
    </message>
    <message>
        <source>Stopped by an operator or by shutdown.</source>
        <translation>被操作员停止或因关闭程序而停止。</translation>
    </message>
    <message>
        <source>The pool gave the task to another phone (lease lost).</source>
        <translation>任务池已把任务交给另一台手机(租约丢失)。</translation>
    </message>
    <message>
        <source>A code set by the flow.</source>
        <translation>由流程自定义的错误代码。</translation>
    </message>
</context>
<context>
    <name>ExportBar</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>%v / %m rows</source>
        <translation>%v / %m 行</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>正在导出到 {path}…</translation>
    </message>
    <message>
        <source>Exported {rows} records to {path}</source>
        <translation>已导出 {rows} 条记录到 {path}</translation>
    </message>
    <message>
        <source>Cancelling the export…</source>
        <translation>正在取消导出…</translation>
    </message>
</context>
<context>
    <name>ExportHeader</name>
    <message>
        <source>Attempts</source>
        <translation>执行记录</translation>
    </message>
    <message>
        <source>attempt id</source>
        <translation>记录 ID</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>attempt</source>
        <translation>第几次</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>error message</source>
        <translation>错误信息</translation>
    </message>
    <message>
        <source>error code</source>
        <translation>错误代码</translation>
    </message>
    <message>
        <source>failing step</source>
        <translation>出错步骤</translation>
    </message>
    <message>
        <source>account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>device</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>started at ({zone})</source>
        <translation>开始时间 ({zone})</translation>
    </message>
    <message>
        <source>finished at ({zone})</source>
        <translation>结束时间 ({zone})</translation>
    </message>
    <message>
        <source>collected at ({zone})</source>
        <translation>采集时间 ({zone})</translation>
    </message>
    <message>
        <source>artifacts</source>
        <translation>证据</translation>
    </message>
    <message>
        <source> … [CUT: the full text has {length} characters, more than a cell holds]</source>
        <translation> … [已截断：全文共 {length} 个字符，超出单元格上限]</translation>
    </message>
    <message>
        <source>duration ms</source>
        <translation>耗时 (毫秒)</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>产出条数</translation>
    </message>
    <message>
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>stop reason</source>
        <translation>停止原因</translation>
    </message>
    <message>
        <source>late result</source>
        <translation>迟到结果</translation>
    </message>
    <message>
        <source>more fields</source>
        <translation>其他字段</translation>
    </message>
</context>
<context>
    <name>ExportProblem</name>
    <message>
        <source>Export: {path} must end in .xlsx</source>
        <translation>导出：{path} 必须以 .xlsx 结尾</translation>
    </message>
    <message>
        <source>Export: {path} is a folder</source>
        <translation>导出：{path} 是一个文件夹</translation>
    </message>
    <message>
        <source>Export: the folder {folder} does not exist</source>
        <translation>导出：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>Export: the folder {folder} cannot be written to</source>
        <translation>导出：文件夹 {folder} 没有写入权限</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>Export failed: {reason}</source>
        <translation>导出失败：{reason}</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>已取消导出，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>FieldCheck</name>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>must be at least {limit}</source>
        <translation>不能小于 {limit}</translation>
    </message>
    <message>
        <source>must be at most {limit}</source>
        <translation>不能大于 {limit}</translation>
    </message>
    <message>
        <source>must be at least length {limit}</source>
        <translation>长度不能少于 {limit}</translation>
    </message>
    <message>
        <source>must be at most length {limit}</source>
        <translation>长度不能超过 {limit}</translation>
    </message>
    <message>
        <source>enter a whole number</source>
        <translation>请输入整数</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>请输入数字</translation>
    </message>
    <message>
        <source>enter a finite number</source>
        <translation>请输入有效的数字</translation>
    </message>
    <message>
        <source>enter yes or no</source>
        <translation>请输入 是 或 否</translation>
    </message>
    <message>
        <source>choose one of: {choices}</source>
        <translation>请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>must be at least {ge}</source>
        <translation>不能小于 {ge}</translation>
    </message>
    <message>
        <source>must be more than {gt}</source>
        <translation>必须大于 {gt}</translation>
    </message>
    <message>
        <source>must be at most {le}</source>
        <translation>不能大于 {le}</translation>
    </message>
    <message>
        <source>must be less than {lt}</source>
        <translation>必须小于 {lt}</translation>
    </message>
    <message>
        <source>must be at least length {min_length}</source>
        <translation>长度不能少于 {min_length}</translation>
    </message>
    <message>
        <source>must be at most length {max_length}</source>
        <translation>长度不能超过 {max_length}</translation>
    </message>
    <message>
        <source>choose one of: {expected}</source>
        <translation>请从以下选择：{expected}</translation>
    </message>
    <message>
        <source>enter a list, comma-separated</source>
        <translation>请输入列表，用逗号分隔</translation>
    </message>
    <message>
        <source>unknown flow {flow}</source>
        <translation>没有流程 {flow}</translation>
    </message>
    <message>
        <source>an id has no spaces</source>
        <translation>ID 中不能有空格</translation>
    </message>
</context>
<context>
    <name>FileProblem</name>
    <message>
        <source>the file cannot be read</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <source>larger than {kib} KB: not read</source>
        <translation>文件超过 {kib} KB，未读取</translation>
    </message>
    <message>
        <source>not UTF-8 text (byte 0x{byte} at byte {offset}): save it as UTF-8</source>
        <translation>不是 UTF-8 文本（第 {offset} 字节为 0x{byte}）：请另存为 UTF-8</translation>
    </message>
    <message>
        <source>nested more than {depth} levels deep</source>
        <translation>嵌套超过 {depth} 层</translation>
    </message>
    <message>
        <source>nested more than {depth} levels deep (through aliases)</source>
        <translation>嵌套超过 {depth} 层（含别名展开）</translation>
    </message>
    <message>
        <source>character {character} is not allowed (a binary file?)</source>
        <translation>不允许字符 {character}（是二进制文件吗？）</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>not valid YAML here (check the indentation)</source>
        <translation>此处不是有效的 YAML（请检查缩进和括号）</translation>
    </message>
    <message>
        <source>an alias refers to the value holding it</source>
        <translation>别名引用了包含它自身的值</translation>
    </message>
    <message>
        <source>more than {count} values (counting what aliases repeat)</source>
        <translation>值超过 {count} 个（含别名重复的部分）</translation>
    </message>
    <message>
        <source>keys must be text</source>
        <translation>键必须是文本</translation>
    </message>
    <message>
        <source>appears twice</source>
        <translation>重复出现</translation>
    </message>
    <message>
        <source>only one parameter may be the author id</source>
        <translation>只能有一个参数作为作者 ID</translation>
    </message>
    <message>
        <source>a parameter name has only letters, digits and &apos;_&apos;</source>
        <translation>参数名只能包含字母、数字和 &apos;_&apos;</translation>
    </message>
    <message>
        <source>these parameters do not fit together</source>
        <translation>这些参数的声明互相冲突</translation>
    </message>
    <message>
        <source>the default {default} does not fit: {reason}</source>
        <translation>默认值 {default} 不合要求：{reason}</translation>
    </message>
    <message>
        <source>{key} is not one of the output fields</source>
        <translation>{key} 不是输出字段之一</translation>
    </message>
    <message>
        <source>no app profile {app} (known: {known})</source>
        <translation>没有应用配置 {app}（已有：{known}）</translation>
    </message>
    <message>
        <source>a step is a mapping such as `tapOn: &quot;@search_button&quot;`</source>
        <translation>每个步骤是一个映射，例如 `tapOn: &quot;@search_button&quot;`</translation>
    </message>
    <message>
        <source>a step has exactly one action ({known}); found: {found}</source>
        <translation>每个步骤只能有一个动作（{known}）；实际为：{found}</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>${{{name}}} is not a declared parameter</source>
        <translation>${{{name}}} 不是已声明的参数</translation>
    </message>
    <message>
        <source>&apos;@{name}&apos; needs an app profile: set `app:` at the top</source>
        <translation>&apos;@{name}&apos; 需要应用配置：请在开头写 `app:`</translation>
    </message>
    <message>
        <source>app profile {app} has no selector {name}</source>
        <translation>应用配置 {app} 中没有选择器 {name}</translation>
    </message>
    <message>
        <source>no selector: give one of {known}</source>
        <translation>缺少选择器：请写 {known} 之一</translation>
    </message>
    <message>
        <source>give either a direction or both &apos;from&apos; and &apos;to&apos; points</source>
        <translation>请给出方向，或同时给出 &apos;from&apos; 和 &apos;to&apos; 两个点</translation>
    </message>
    <message>
        <source>unknown action {action}</source>
        <translation>未知动作 {action}</translation>
    </message>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}：{reason}</translation>
    </message>
    <message>
        <source>type a selector, e.g. {{text: 发现}} or //*[@text=&apos;发现&apos;]</source>
        <translation>请输入选择器，例如 {{text: 发现}} 或 //*[@text=&apos;发现&apos;]</translation>
    </message>
    <message>
        <source>a selector is a mapping such as {{id: search}} or an xpath</source>
        <translation>选择器是一个映射（例如 {{id: search}}）或一个 XPath</translation>
    </message>
    <message>
        <source>write the parameters as a mapping, e.g. {{creator: c011}}</source>
        <translation>参数请写成映射，例如 {{creator: c011}}</translation>
    </message>
    <message>
        <source>parameter {field} of {flow}: {reason}</source>
        <translation>{flow} 的参数 {field}：{reason}</translation>
    </message>
    <message>
        <source>not a known field here</source>
        <translation>此处没有这个字段</translation>
    </message>
    <message>
        <source>does not have the form it needs ({pattern})</source>
        <translation>格式不对（应为 {pattern}）</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <source>must be a mapping</source>
        <translation>必须是映射</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>must be given</source>
        <translation>必须填写</translation>
    </message>
    <message>
        <source>must be left empty</source>
        <translation>必须留空</translation>
    </message>
    <message>
        <source>contains a NUL character (\0)</source>
        <translation>含有 NUL 字符（\0）</translation>
    </message>
    <message>
        <source>not accepted here ({code})</source>
        <translation>此处不接受（{code}）</translation>
    </message>
    <message>
        <source>not accepted (the command line says why)</source>
        <translation>不被接受（命令行会说明原因）</translation>
    </message>
</context>
<context>
    <name>Flow</name>
    <message>
        <source>Read the logged-in account and bind it to the phone.</source>
        <translation>读取已登录的账号，并绑定到这台手机。</translation>
    </message>
    <message>
        <source>App</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>App profile name (e.g. simvideo) or package name.</source>
        <translation>应用配置名（如 simvideo）或包名。</translation>
    </message>
    <message>
        <source>Install an APK from this PC on the phone.</source>
        <translation>把本机上的 APK 安装到手机上。</translation>
    </message>
    <message>
        <source>APK file</source>
        <translation>APK 文件</translation>
    </message>
    <message>
        <source>Path of the APK on this PC.</source>
        <translation>APK 在本机上的路径。</translation>
    </message>
    <message>
        <source>Start an app, wait until it is in front, take a screenshot.</source>
        <translation>启动应用，等它切到前台后截图。</translation>
    </message>
    <message>
        <source>Collect the comments of one of a creator&apos;s videos.</source>
        <translation>采集某位博主一条视频的评论。</translation>
    </message>
    <message>
        <source>The app profile to collect from.</source>
        <translation>要采集的应用配置。</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>博主</translation>
    </message>
    <message>
        <source>The creator&apos;s id in the app, as shown on their profile.</source>
        <translation>博主在应用里的 ID（主页上显示的那个）。</translation>
    </message>
    <message>
        <source>Video title</source>
        <translation>视频标题</translation>
    </message>
    <message>
        <source>The exact title of the video.</source>
        <translation>视频的完整标题。</translation>
    </message>
    <message>
        <source>Videos to scan</source>
        <translation>查找视频数</translation>
    </message>
    <message>
        <source>How many of the creator&apos;s videos to look through for the title (beyond Position, when it is given).</source>
        <translation>在博主的视频里最多翻找多少条来匹配标题（给了位置时，从该位置再往后数）。</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Where collect.titles found the video in the creator&apos;s list (0 = unknown): the search goes that deep plus the videos to scan, so newer videos pushing it down do not hide it.</source>
        <translation>collect.titles 采集时这条视频在博主列表中的位置（0 = 未知）：查找会翻到这个深度再加上查找视频数，新发的视频把它挤下去也能找到。</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论数</translation>
    </message>
    <message>
        <source>How many comments to collect at most.</source>
        <translation>最多采集多少条评论。</translation>
    </message>
    <message>
        <source>Collect a creator&apos;s video titles with their comment counts.</source>
        <translation>采集博主的视频标题及评论数。</translation>
    </message>
    <message>
        <source>Titles</source>
        <translation>标题数</translation>
    </message>
    <message>
        <source>How many qualifying titles to collect.</source>
        <translation>要采集多少条符合条件的标题。</translation>
    </message>
    <message>
        <source>Minimum comments</source>
        <translation>最少评论数</translation>
    </message>
    <message>
        <source>Only videos with at least 10% more comments than this (the visible count includes replies); 0 = every video.</source>
        <translation>只要评论数比这个数多 10% 以上的视频（显示的评论数包含回复）；0 = 所有视频。</translation>
    </message>
    <message>
        <source>Read battery, temperature, storage, network and screen.</source>
        <translation>读取电量、温度、存储、网络和屏幕状态。</translation>
    </message>
    <message>
        <source>Find collected comments that contain any of the keywords.</source>
        <translation>在已采集的评论中查找含任一关键词的评论。</translation>
    </message>
    <message>
        <source>Comments batch</source>
        <translation>评论批次</translation>
    </message>
    <message>
        <source>A collect.comments batch to scan.</source>
        <translation>要扫描的 collect.comments 批次。</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Words to look for (comma-separated on the command line); case-insensitive.</source>
        <translation>要查找的词（命令行中用逗号分隔），不区分大小写。</translation>
    </message>
    <message>
        <source>Open SimVideo and show a creator&apos;s profile.</source>
        <translation>打开 SimVideo 并进入博主主页。</translation>
    </message>
    <message>
        <source>Collect the first titles of a creator&apos;s videos.</source>
        <translation>采集博主最新几条视频的标题。</translation>
    </message>
    <message>
        <source>The creator&apos;s id in the app.</source>
        <translation>博主在应用里的 ID。</translation>
    </message>
    <message>
        <source>How many titles to collect.</source>
        <translation>要采集多少条标题。</translation>
    </message>
    <message>
        <source>Include replies</source>
        <translation>包含回复</translation>
    </message>
    <message>
        <source>Also open each comment&apos;s replies (盖楼) and collect them after it.</source>
        <translation>同时展开每条评论的回复（盖楼），采集在该评论之后。</translation>
    </message>
    <message>
        <source>Skip collected</source>
        <translation>跳过已采集</translation>
    </message>
    <message>
        <source>Skip titles any earlier batch collected for this creator; the count fills with new ones.</source>
        <translation>跳过之前批次已为该博主采集过的标题；数量用新标题补足。</translation>
    </message>
    <message>
        <source>Watch creators: their new videos, and count changes of the newest.</source>
        <translation>监控博主：新发的视频，以及最新几条视频的数据变化。</translation>
    </message>
    <message>
        <source>The app profile to watch.</source>
        <translation>要监控的应用配置。</translation>
    </message>
    <message>
        <source>Creators</source>
        <translation>博主</translation>
    </message>
    <message>
        <source>Creator ids to watch (comma-separated on the command line).</source>
        <translation>要监控的博主 ID（命令行中用逗号分隔）。</translation>
    </message>
    <message>
        <source>Read at most this many newest videos.</source>
        <translation>最多读取这么多条最新视频。</translation>
    </message>
    <message>
        <source>Recent videos</source>
        <translation>最新视频数</translation>
    </message>
    <message>
        <source>Report comment and like count changes of this many newest videos.</source>
        <translation>报告这么多条最新视频的评论数和点赞数变化。</translation>
    </message>
    <message>
        <source>With comments</source>
        <translation>包含评论</translation>
    </message>
    <message>
        <source>Also collect the new videos&apos; comments.</source>
        <translation>同时采集新视频的评论。</translation>
    </message>
    <message>
        <source>Watch the app&apos;s search for keywords: new matching videos.</source>
        <translation>用应用内搜索监控关键词：新出现的匹配视频。</translation>
    </message>
    <message>
        <source>The app profile to search.</source>
        <translation>要搜索的应用配置。</translation>
    </message>
    <message>
        <source>Words to search for (comma-separated on the command line).</source>
        <translation>要搜索的词（命令行中用逗号分隔）。</translation>
    </message>
    <message>
        <source>Results to scan</source>
        <translation>扫描结果数</translation>
    </message>
    <message>
        <source>Read at most this many newest results.</source>
        <translation>最多读取这么多条最新结果。</translation>
    </message>
    <message>
        <source>Also report the new videos&apos; comments that contain the keyword.</source>
        <translation>同时报告新视频中含有关键词的评论。</translation>
    </message>
    <message>
        <source>Watch one post: its counts each run, and new comments and replies.</source>
        <translation>监控一条作品：每次运行记录它的数据，以及新评论和新回复。</translation>
    </message>
    <message>
        <source>The post&apos;s creator id.</source>
        <translation>作品所属博主的 ID。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>The post&apos;s exact title (or give key).</source>
        <translation>作品的完整标题（或填写作品编号）。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>作品编号</translation>
    </message>
    <message>
        <source>The post&apos;s item key, e.g. c003v017.</source>
        <translation>作品的数据编号，例如 c003v017。</translation>
    </message>
    <message>
        <source>With replies</source>
        <translation>包含回复</translation>
    </message>
    <message>
        <source>Also report new replies under its comments.</source>
        <translation>同时报告评论下的新回复。</translation>
    </message>
</context>
<context>
    <name>FlowEditorView</name>
    <message>
        <source>YAML flow</source>
        <translation>YAML 流程</translation>
    </message>
    <message>
        <source>Parameters for the dry run, e.g. {creator: c011}</source>
        <translation>试运行参数，例如 {creator: c011}</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Type a flow, or press Record and tap nodes on the screenshot.</source>
        <translation>输入流程，或按“录制”后在截图上点击节点。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Dry run {outcome}{detail}</source>
        <translation>试运行{outcome}{detail}</translation>
    </message>
    <message>
        <source>Save the flow</source>
        <translation>保存流程</translation>
    </message>
    <message>
        <source>YAML flows (*.yaml *.yml)</source>
        <translation>YAML 流程 (*.yaml *.yml)</translation>
    </message>
</context>
<context>
    <name>FlowStep</name>
    <message>
        <source>read the video list</source>
        <translation>读取视频列表</translation>
    </message>
    <message>
        <source>find the video</source>
        <translation>查找视频</translation>
    </message>
    <message>
        <source>read the comments</source>
        <translation>读取评论</translation>
    </message>
    <message>
        <source>read health</source>
        <translation>读取设备状态</translation>
    </message>
    <message>
        <source>open the account page</source>
        <translation>打开账号页</translation>
    </message>
    <message>
        <source>take a screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>search for the creator</source>
        <translation>搜索博主</translation>
    </message>
    <message>
        <source>open the creator&apos;s profile</source>
        <translation>打开博主主页</translation>
    </message>
    <message>
        <source>read the titles</source>
        <translation>读取标题</translation>
    </message>
    <message>
        <source>start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>find the post</source>
        <translation>查找作品</translation>
    </message>
    <message>
        <source>start {0}</source>
        <translation>启动 {0}</translation>
    </message>
    <message>
        <source>install {0}</source>
        <translation>安装 {0}</translation>
    </message>
    <message>
        <source>open {0}</source>
        <translation>打开 {0}</translation>
    </message>
    <message>
        <source>scan batch {0}</source>
        <translation>扫描批次 {0}</translation>
    </message>
    <message>
        <source>read {0}&apos;s newest videos</source>
        <translation>读取 {0} 的最新视频</translation>
    </message>
    <message>
        <source>read the comments of {0}</source>
        <translation>读取 {0} 的评论</translation>
    </message>
    <message>
        <source>search videos: {0}</source>
        <translation>搜索视频：{0}</translation>
    </message>
</context>
<context>
    <name>GridController</name>
    <message>
        <source>Not done: {error}</source>
        <translation>未完成：{error}</translation>
    </message>
    <message numerus="yes">
        <source>Stopped %n phone(s); their work goes back to the pool.</source>
        <translation>
            <numerusform>已停止 %n 台手机；它们的任务已退回任务池。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s) will finish their task and take no more.</source>
        <translation>
            <numerusform>%n 台手机做完当前任务后不再接新任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s) take work again.</source>
        <translation>
            <numerusform>%n 台手机重新接任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s) take work although too hot or low on battery, until they recover.</source>
        <translation>
            <numerusform>%n 台过热或电量低的手机继续接任务，直到恢复。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n offline phone(s); a phone that connects again comes back.</source>
        <translation>
            <numerusform>已移除 %n 台离线手机；再次连接的手机会回来。</numerusform>
        </translation>
    </message>
    <message>
        <source>Label not saved: {error}</source>
        <translation>名称未保存：{error}</translation>
    </message>
    <message>
        <source>Account not saved: {error}</source>
        <translation>账号未保存：{error}</translation>
    </message>
</context>
<context>
    <name>GridFilterBar</name>
    <message>
        <source>Search label, serial, slot, account  (Ctrl+F)</source>
        <translation>搜索名称、序列号、位置、账号  (Ctrl+F)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation>全部主机</translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation>全部账号</translation>
    </message>
    <message>
        <source>Tile size</source>
        <translation>卡片大小</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>HierarchyModel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
</context>
<context>
    <name>HitKind</name>
    <message>
        <source>new video</source>
        <translation>新视频</translation>
    </message>
    <message>
        <source>new comment</source>
        <translation>新评论</translation>
    </message>
    <message>
        <source>new reply</source>
        <translation>新回复</translation>
    </message>
    <message>
        <source>counts</source>
        <translation>计数变化</translation>
    </message>
    <message>
        <source>account monitoring</source>
        <translation>账号监控</translation>
    </message>
    <message>
        <source>keyword monitoring</source>
        <translation>关键词监控</translation>
    </message>
    <message>
        <source>post monitoring</source>
        <translation>指定帖子监控</translation>
    </message>
</context>
<context>
    <name>HitTableModel</name>
    <message>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Comment / counts</source>
        <translation>评论 / 计数</translation>
    </message>
    <message>
        <source>comments {c}, likes {l}</source>
        <translation>评论 {c}，点赞 {l}</translation>
    </message>
</context>
<context>
    <name>ImportErrorsModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>some rows of the file have errors</source>
        <translation>文件中有些行有错误</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of the file have errors</source>
        <translation>
            <numerusform>文件中有 %n 行有错误</numerusform>
        </translation>
    </message>
    <message>
        <source>the imported file has no task left</source>
        <translation>导入的文件中没有剩下任务</translation>
    </message>
    <message>
        <source>Import rows from Excel/CSV…</source>
        <translation>从 Excel/CSV 导入行…</translation>
    </message>
    <message>
        <source>Drop bad rows</source>
        <translation>去掉出错的行</translation>
    </message>
    <message>
        <source>Clear import</source>
        <translation>清除导入</translation>
    </message>
    <message>
        <source>checking the rows again…</source>
        <translation>正在重新检查各行…</translation>
    </message>
    <message>
        <source>The file could not be imported: {reason}</source>
        <translation>无法导入文件：{reason}</translation>
    </message>
    <message>
        <source>No file imported: the form&apos;s values are used for every task.</source>
        <translation>未导入文件：每个任务都使用表单中的值。</translation>
    </message>
    <message numerus="yes">
        <source>{file}: %n task(s) ready</source>
        <translation>
            <numerusform>{file}：%n 个任务就绪</numerusform>
        </translation>
    </message>
    <message>
        <source>, {count} bad rows dropped</source>
        <translation>，已去掉 {count} 行出错的行</translation>
    </message>
    <message>
        <source>; {count} rows have errors (listed below by row and column). Fix the file and import it again, or drop the bad rows.</source>
        <translation>；{count} 行有错误（下方按行列列出）。请改好文件后重新导入，或去掉出错的行。</translation>
    </message>
    <message>
        <source>no file was read</source>
        <translation>没有读取文件</translation>
    </message>
</context>
<context>
    <name>InspectorController</name>
    <message numerus="yes">
        <source>Valid flow {name}: %n step(s).</source>
        <translation>
            <numerusform>流程 {name} 有效：%n 步。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the screen of {phone}…</source>
        <translation>正在读取 {phone} 的屏幕…</translation>
    </message>
    <message>
        <source>Phone busy</source>
        <translation>手机忙</translation>
    </message>
    <message>
        <source>{phone} is running a task. Touch it anyway?</source>
        <translation>{phone} 正在执行任务。仍要操作它吗？</translation>
    </message>
    <message>
        <source>Choose a phone first.</source>
        <translation>请先选择手机。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message numerus="yes">
        <source>{phone}: %n node(s) on screen.</source>
        <translation>
            <numerusform>{phone}：屏幕上有 %n 个节点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read {phone}: {reason}</source>
        <translation>无法读取 {phone}：{reason}</translation>
    </message>
    <message>
        <source>Done on {phone}: {step}</source>
        <translation>已在 {phone} 上执行：{step}</translation>
    </message>
    <message>
        <source>Line {line}: {step}</source>
        <translation>第 {line} 行：{step}</translation>
    </message>
    <message>
        <source>Item: {item}</source>
        <translation>数据：{item}</translation>
    </message>
</context>
<context>
    <name>InspectorView</name>
    <message>
        <source>Phone:</source>
        <translation>手机：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>While on, a click on the screenshot taps the phone and adds the step.</source>
        <translation>开启时，在截图上点击会点击手机并写入步骤。</translation>
    </message>
    <message>
        <source>Tap this node</source>
        <translation>点击此节点</translation>
    </message>
    <message>
        <source>Type text…</source>
        <translation>输入文字…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Copy as flow step</source>
        <translation>复制为流程步骤</translation>
    </message>
    <message>
        <source>Copy as profile entry</source>
        <translation>复制为应用配置条目</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Test a selector, e.g. {example} or an xpath</source>
        <translation>测试选择器，例如 {example} 或 xpath</translation>
    </message>
    <message>
        <source>Choose a phone to inspect.</source>
        <translation>请选择要查看的手机。</translation>
    </message>
    <message>
        <source>Not a valid selector: {reason}</source>
        <translation>选择器无效：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) match.</source>
        <translation>
            <numerusform>匹配 %n 个节点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a node on the screenshot or in the tree.</source>
        <translation>在截图或节点树中点击一个节点。</translation>
    </message>
    <message>
        <source>Class: {value}</source>
        <translation>类名：{value}</translation>
    </message>
    <message>
        <source>Resource id: {value}</source>
        <translation>资源 ID：{value}</translation>
    </message>
    <message>
        <source>Text: {value}</source>
        <translation>文字：{value}</translation>
    </message>
    <message>
        <source>Description: {value}</source>
        <translation>描述：{value}</translation>
    </message>
    <message>
        <source>Bounds: [{l},{t}][{r},{b}]</source>
        <translation>位置：[{l},{t}][{r},{b}]</translation>
    </message>
    <message>
        <source>Copied: {text}</source>
        <translation>已复制：{text}</translation>
    </message>
    <message>
        <source>Type text</source>
        <translation>输入文字</translation>
    </message>
    <message>
        <source>Text to type into the selected field:</source>
        <translation>要输入到所选输入框的文字：</translation>
    </message>
</context>
<context>
    <name>IntegrationController</name>
    <message>
        <source>Not done: {error}</source>
        <translation>未完成：{error}</translation>
    </message>
    <message>
        <source>Revoked: calls with it are refused.</source>
        <translation>已吊销：使用它的调用将被拒绝。</translation>
    </message>
    <message>
        <source>Callbacks go to {url}. Give the receiver the new signing secret shown.</source>
        <translation>回调将发往 {url}。请把显示的新签名密钥交给接收方。</translation>
    </message>
    <message>
        <source>The secret was sealed with another key file than {path}: rotate it here or reveal it on the PC that runs the API.</source>
        <translation>签名密钥是用 {path} 以外的密钥文件加密的：请在此轮换，或在运行接口服务的电脑上查看。</translation>
    </message>
    <message>
        <source>New signing secret shown; the old one keeps signing beside it for 24 hours.</source>
        <translation>已显示新的签名密钥；旧密钥在 24 小时内仍会同时签名。</translation>
    </message>
    <message>
        <source>Test event {id} queued: see it in the delivery log.</source>
        <translation>测试事件 {id} 已排队：可在投递记录中查看。</translation>
    </message>
    <message>
        <source>{count} deliveries queued again.</source>
        <translation>已重新排队 {count} 个投递。</translation>
    </message>
    <message>
        <source>URL {url}: give an absolute https:// URL.</source>
        <translation>地址 {url}：请填写完整的 https:// 地址。</translation>
    </message>
    <message>
        <source>URL {url}: plain http needs “Allow plain http” (for a LAN test only).</source>
        <translation>地址 {url}：使用明文 http 需勾选“允许明文 http”（仅限局域网测试）。</translation>
    </message>
    <message>
        <source>Events: give event types separated by commas (attempt.finished, task.finished, batch.finished, task.cancelled, device.stopped, monitor.hit), or * for all.</source>
        <translation>事件：请填写以逗号分隔的事件类型（attempt.finished、task.finished、batch.finished、task.cancelled、device.stopped、monitor.hit），或填 * 表示全部。</translation>
    </message>
</context>
<context>
    <name>IntegrationView</name>
    <message>
        <source>e.g. https://dispatch.example.com/fleetdeck/hooks</source>
        <translation>例如 https://dispatch.example.com/fleetdeck/hooks</translation>
    </message>
    <message>
        <source>API</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>证书 SHA-256 指纹</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>New token…</source>
        <translation>新建令牌…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>Callback endpoint</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Event types separated by commas; * for every event.</source>
        <translation>以逗号分隔的事件类型；* 表示全部事件。</translation>
    </message>
    <message>
        <source>Allow plain http (LAN test only)</source>
        <translation>允许明文 http（仅限局域网测试）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>已隐藏</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Rotate…</source>
        <translation>轮换…</translation>
    </message>
    <message>
        <source>Send test event</source>
        <translation>发送测试事件</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>投递记录</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>every state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重新投递</translation>
    </message>
    <message>
        <source>no certificate yet: it is made when the API first runs</source>
        <translation>尚无证书：接口服务首次运行时生成</translation>
    </message>
    <message>
        <source>Token {name}</source>
        <translation>令牌 {name}</translation>
    </message>
    <message>
        <source>Copy this token now and give it to the dispatch centre. It is not stored and will not be shown again.</source>
        <translation>请立即复制此令牌并交给调度中心。系统不保存它，之后不会再显示。</translation>
    </message>
    <message>
        <source>not set: callbacks are not sent</source>
        <translation>未设置：不发送回调</translation>
    </message>
    <message>
        <source>disabled (the receiver answered 410 Gone)</source>
        <translation>已停用（接收方返回 410，表示地址已废弃）</translation>
    </message>
    <message>
        <source>unreachable: probing</source>
        <translation>无法连接：正在探测</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>正常发送</translation>
    </message>
    <message>
        <source>New token</source>
        <translation>新建令牌</translation>
    </message>
    <message>
        <source>Name (who or what uses it):</source>
        <translation>名称（谁或什么系统使用）：</translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n token(s)? Calls with them are refused at once.</source>
        <translation>
            <numerusform>吊销 %n 个令牌？使用它们的调用将立即被拒绝。</numerusform>
        </translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>轮换</translation>
    </message>
    <message>
        <source>Make a new signing secret? The old one keeps signing beside it for 24 hours.</source>
        <translation>生成新的签名密钥？旧密钥在 24 小时内仍会同时签名。</translation>
    </message>
</context>
<context>
    <name>LiveViewDialog</name>
    <message>
        <source>waiting for a picture…</source>
        <translation>等待画面…</translation>
    </message>
    <message>
        <source>{serial} has left the fleet.</source>
        <translation>{serial} 已断开，不在设备列表中。</translation>
    </message>
    <message>
        <source>{phone} — live view</source>
        <translation>{phone} — 实时画面</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>FleetDeck {version} console — {database}</source>
        <translation>FleetDeck {version} 控制台 — {database}</translation>
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
        <source>Schedules</source>
        <translation>定时任务</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>舆情监控</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>控件定位</translation>
    </message>
    <message>
        <source>Integration</source>
        <translation>对接</translation>
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
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Phones</source>
        <translation>手机(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Task pool</source>
        <translation>任务池(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Schedules</source>
        <translation>定时任务(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Monitoring</source>
        <translation>舆情监控(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>控件定位(&amp;I)</translation>
    </message>
    <message>
        <source>I&amp;ntegration</source>
        <translation>对接(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
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
        <source>Schedule #{schedule_id} created.</source>
        <translation>定时任务 #{schedule_id} 已创建。</translation>
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
    <message>
        <source>Alerts ({count})</source>
        <translation>告警 ({count})</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
</context>
<context>
    <name>Mode</name>
    <message>
        <source>each-device</source>
        <translation>每台手机</translation>
    </message>
    <message>
        <source>pool</source>
        <translation>任务池</translation>
    </message>
    <message>
        <source>spread</source>
        <translation>按账号分散</translation>
    </message>
</context>
<context>
    <name>MonitorTableModel</name>
    <message>
        <source>Monitor</source>
        <translation>监控</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>命中</translation>
    </message>
    <message>
        <source>Newest hit</source>
        <translation>最新命中</translation>
    </message>
    <message>
        <source>{what} (one-off batches)</source>
        <translation>{what}（单次批次）</translation>
    </message>
</context>
<context>
    <name>MonitoringView</name>
    <message>
        <source>Mark all read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <source>Open its batch in records</source>
        <translation>在执行记录中打开其批次</translation>
    </message>
    <message>
        <source>No monitor yet: add a schedule of a monitor flow.</source>
        <translation>还没有监控：请添加一个监控流程的定时任务。</translation>
    </message>
    <message>
        <source>{monitor}: newest hits first</source>
        <translation>{monitor}：最新命中在前</translation>
    </message>
    <message>
        <source>Choose a hit to see the post&apos;s details.</source>
        <translation>选择一条命中以查看帖子详情。</translation>
    </message>
    <message>
        <source>What: {kind}</source>
        <translation>类型：{kind}</translation>
    </message>
    <message>
        <source>Found: {time}</source>
        <translation>发现时间：{time}</translation>
    </message>
    <message>
        <source>Creator: {creator}</source>
        <translation>作者：{creator}</translation>
    </message>
    <message>
        <source>Post: {title}</source>
        <translation>帖子：{title}</translation>
    </message>
    <message>
        <source>Post key: {key}</source>
        <translation>帖子编号：{key}</translation>
    </message>
    <message>
        <source>Counts: {counts}</source>
        <translation>计数：{counts}</translation>
    </message>
    <message>
        <source>Keyword: {keyword}</source>
        <translation>关键词：{keyword}</translation>
    </message>
    <message>
        <source>{author} wrote: {text}</source>
        <translation>{author}：{text}</translation>
    </message>
    <message>
        <source>Batch #{batch}</source>
        <translation>批次 #{batch}</translation>
    </message>
</context>
<context>
    <name>NewBatchDialog</name>
    <message>
        <source>New batch</source>
        <translation>新建批次</translation>
    </message>
    <message>
        <source>Create batch</source>
        <translation>创建批次</translation>
    </message>
    <message>
        <source>Create schedule</source>
        <translation>创建定时任务</translation>
    </message>
    <message>
        <source>Flow:</source>
        <translation>流程：</translation>
    </message>
    <message>
        <source>Batch name:</source>
        <translation>批次名称：</translation>
    </message>
    <message>
        <source>empty: the flow&apos;s name and the batch id</source>
        <translation>留空：用流程名和批次编号</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Where and how</source>
        <translation>运行范围与方式</translation>
    </message>
    <message>
        <source>Not created: {reason}</source>
        <translation>未创建：{reason}</translation>
    </message>
    <message>
        <source>filled from each upstream item</source>
        <translation>由上游每条数据填入</translation>
    </message>
    <message>
        <source>Import task parameters</source>
        <translation>导入任务参数</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Creating the schedule…</source>
        <translation>正在创建定时任务…</translation>
    </message>
    <message>
        <source>Creating the batch…</source>
        <translation>正在创建批次…</translation>
    </message>
    <message>
        <source>choose a flow</source>
        <translation>请选择流程</translation>
    </message>
    <message>
        <source>imported rows are one task each: choose pool or spread</source>
        <translation>导入的每一行是一个任务：请选择“任务池”或“按账号分散”</translation>
    </message>
    <message>
        <source>a schedule repeats one batch: no upstream batch, no import</source>
        <translation>定时任务重复执行同一个批次：不能指定上游批次，也不能导入表格</translation>
    </message>
    <message>
        <source>To create the batch: {problems}</source>
        <translation>创建批次前请：{problems}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message numerus="yes">
        <source>fix %n field(s)</source>
        <translation>
            <numerusform>修正 %n 个字段</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoPhonesPanel</name>
    <message>
        <source>No phone is connected</source>
        <translation>没有连接手机</translation>
    </message>
    <message>
        <source>Plug phones in over USB with USB debugging allowed, and they appear here within a few seconds.&lt;br&gt;To try everything first, start simulated phones: they run the same flows, fail the same ways and show live pictures.</source>
        <translation>用 USB 连接手机并允许 USB 调试，几秒内就会出现在这里。&lt;br&gt;想先把功能都试一遍，可以启动模拟手机：它们运行同样的流程，出同样的错，也有实时画面。</translation>
    </message>
    <message>
        <source>The same seed gives the same phones, accounts and faults</source>
        <translation>相同的种子得到相同的手机、账号和故障</translation>
    </message>
    <message>
        <source>Start simulated phones</source>
        <translation>启动模拟手机</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>手机数：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message numerus="yes">
        <source>Starting %n simulated phone(s)…</source>
        <translation>
            <numerusform>正在启动 %n 台模拟手机…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfflineSimulationBar</name>
    <message>
        <source>Start them again</source>
        <translation>重新启动它们</translation>
    </message>
    <message numerus="yes">
        <source>Starting %n simulated phone(s)…</source>
        <translation>
            <numerusform>正在启动 %n 台模拟手机…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n simulated phone(s) of an earlier run (seed {seed}) are offline.</source>
        <translation>
            <numerusform>上次运行的 %n 台模拟手机（种子 {seed}）已离线。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <source>{label}{star}:</source>
        <translation>{label}{star}：</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>PhoneAction</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the running flow at its next step; the phone takes no work until resumed</source>
        <translation>在下一步停止正在运行的流程；恢复前这台手机不再接任务</translation>
    </message>
    <message>
        <source>Stop {n} phones? Their running flows end at the next step.</source>
        <translation>停止 {n} 台手机？正在运行的流程将在下一步结束。</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>收尾</translation>
    </message>
    <message>
        <source>Let the current task finish, then take no more work</source>
        <translation>做完当前任务后不再接新任务</translation>
    </message>
    <message>
        <source>Drain {n} phones? They finish their current task and take no more.</source>
        <translation>让 {n} 台手机收尾？它们做完当前任务后不再接新任务。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Take work from the pool again</source>
        <translation>重新从任务池接任务</translation>
    </message>
    <message>
        <source>Resume {n} phones? They take work again.</source>
        <translation>恢复 {n} 台手机？它们将重新接任务。</translation>
    </message>
    <message>
        <source>Run anyway</source>
        <translation>仍然运行</translation>
    </message>
    <message>
        <source>Let a phone paused as too hot or low on battery take work until it recovers</source>
        <translation>让因过热或电量低而暂停的手机继续接任务，直到恢复</translation>
    </message>
    <message>
        <source>Let {n} phones take work although too hot or low on battery?</source>
        <translation>让 {n} 台过热或电量低的手机继续接任务？</translation>
    </message>
    <message>
        <source>Run flow…</source>
        <translation>运行流程…</translation>
    </message>
    <message>
        <source>Start a flow on these phones now</source>
        <translation>立即在这些手机上运行流程</translation>
    </message>
    <message>
        <source>Install APK…</source>
        <translation>安装 APK…</translation>
    </message>
    <message>
        <source>Install an app package on these phones</source>
        <translation>在这些手机上安装应用安装包</translation>
    </message>
    <message>
        <source>Install {apk} on {n} phones?</source>
        <translation>在 {n} 台手机上安装 {apk}？</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>实时画面</translation>
    </message>
    <message>
        <source>Open a larger, live picture of the phone</source>
        <translation>打开这台手机的大尺寸实时画面</translation>
    </message>
    <message>
        <source>Set label…</source>
        <translation>设置名称…</translation>
    </message>
    <message>
        <source>Name the phone (e.g. its place on the rack)</source>
        <translation>给手机起个名字（比如它在机架上的位置）</translation>
    </message>
    <message>
        <source>Set account…</source>
        <translation>设置账号…</translation>
    </message>
    <message>
        <source>Say which app account is logged in on the phone</source>
        <translation>指定这台手机上登录的应用账号</translation>
    </message>
    <message>
        <source>Remove offline phone</source>
        <translation>移除离线手机</translation>
    </message>
    <message>
        <source>Take offline phones out of the fleet (they come back if they connect again)</source>
        <translation>把离线手机移出机群（再次连接时会回来）</translation>
    </message>
    <message>
        <source>Remove {n} offline phone(s) from the fleet? Their each-device tasks are cancelled; a phone that connects again comes back.</source>
        <translation>从机群移除 {n} 台离线手机？它们的逐台任务将被取消；再次连接的手机会回来。</translation>
    </message>
</context>
<context>
    <name>PhoneGridView</name>
    <message>
        <source>No phone matches the filters.</source>
        <translation>没有符合筛选条件的手机。</translation>
    </message>
    <message>
        <source>Label of {phone}</source>
        <translation>{phone} 的名称</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Label too long</source>
        <translation>名称太长</translation>
    </message>
    <message numerus="yes">
        <source>A label has at most %n character(s).</source>
        <translation>
            <numerusform>名称最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>Account of {phone}</source>
        <translation>{phone} 的账号</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <source>Account too long</source>
        <translation>账号太长</translation>
    </message>
    <message numerus="yes">
        <source>An account has at most %n character(s).</source>
        <translation>
            <numerusform>账号最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>Install APK</source>
        <translation>安装 APK</translation>
    </message>
    <message>
        <source>Android packages (*.apk)</source>
        <translation>安卓安装包 (*.apk)</translation>
    </message>
    <message>
        <source>{count} {state}</source>
        <translation>{state} {count}</translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s)</source>
        <translation>
            <numerusform>%n 台手机</numerusform>
        </translation>
    </message>
    <message>
        <source>tasks: {running} running, {queued} queued, {failed} failed in the last hour</source>
        <translation>任务：运行中 {running}，排队 {queued}，近一小时失败 {failed}</translation>
    </message>
    <message>
        <source>{phones}: {states}   |   {tasks}</source>
        <translation>{phones}：{states}   |   {tasks}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>PhoneLog</name>
    <message>
        <source>── #{run} {flow} (batch {batch})</source>
        <translation>── #{run} {flow}（批次 {batch}）</translation>
    </message>
    <message>
        <source>── #{run} {result} ({seconds} s)</source>
        <translation>── #{run} {result}（{seconds} 秒）</translation>
    </message>
</context>
<context>
    <name>PhoneLogDock</name>
    <message>
        <source>Select a phone to follow its log.</source>
        <translation>选择一台手机以查看其日志。</translation>
    </message>
    <message>
        <source>Phone log</source>
        <translation>手机日志</translation>
    </message>
    <message>
        <source>Recent attempts of {phone}, live</source>
        <translation>{phone} 最近的执行（实时）</translation>
    </message>
</context>
<context>
    <name>PhoneState</name>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>收尾中</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>unauthorized</source>
        <translation>未授权</translation>
    </message>
    <message>
        <source>error</source>
        <translation>故障</translation>
    </message>
</context>
<context>
    <name>PhoneTile</name>
    <message>
        <source>no
picture</source>
        <translation>暂无
画面</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <source>Flow: {flow}</source>
        <translation>流程：{flow}</translation>
    </message>
    <message>
        <source>Last result: {result}</source>
        <translation>上次结果：{result}</translation>
    </message>
    <message>
        <source>Why: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Reported: {message}</source>
        <translation>原始信息：{message}</translation>
    </message>
    <message>
        <source>Takes no new work until it recovers (cooler or charged); the running task finishes. &quot;Run anyway&quot; overrides.</source>
        <translation>恢复前（降温或充电后）不接新任务；正在运行的任务会跑完。“仍然运行”可忽略此限制。</translation>
    </message>
    <message>
        <source>Needs attention: {reason}</source>
        <translation>需要处理：{reason}</translation>
    </message>
    <message>
        <source>Problem reported: {message}</source>
        <translation>报告的问题：{message}</translation>
    </message>
    <message>
        <source>Host: {host}</source>
        <translation>主机：{host}</translation>
    </message>
    <message>
        <source>Slot: {slot}</source>
        <translation>槽位：{slot}</translation>
    </message>
    <message>
        <source>Account: {account}</source>
        <translation>账号：{account}</translation>
    </message>
    <message>
        <source>no task</source>
        <translation>无任务</translation>
    </message>
    <message>
        <source>no result yet</source>
        <translation>暂无结果</translation>
    </message>
    <message>
        <source>account restricted</source>
        <translation>账号受限</translation>
    </message>
    <message>
        <source>not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>app missing</source>
        <translation>应用未安装</translation>
    </message>
    <message>
        <source>paused: too hot</source>
        <translation>已暂停：过热</translation>
    </message>
    <message>
        <source>paused: battery low</source>
        <translation>已暂停：电量低</translation>
    </message>
    <message>
        <source>too hot, runs anyway</source>
        <translation>过热，仍然运行</translation>
    </message>
    <message>
        <source>battery low, runs anyway</source>
        <translation>电量低，仍然运行</translation>
    </message>
    <message>
        <source>needs attention: {problem}</source>
        <translation>需要处理：{problem}</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed: {why}</source>
        <translation>失败：{why}</translation>
    </message>
    <message>
        <source>battery ?</source>
        <translation>电量 ?</translation>
    </message>
</context>
<context>
    <name>PipelineCanvas</name>
    <message>
        <source>%1/%2 done, %3 failed</source>
        <translation>%1/%2 完成，%3 失败</translation>
    </message>
    <message numerus="yes">
        <source>, %1 cancelled</source>
        <translation>
            <numerusform>，%1 已取消</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 条数据</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message>
        <source>Select a batch to see its pipeline.</source>
        <translation>选择一个批次查看它的流水线。</translation>
    </message>
    <message numerus="yes">
        <source>Pipeline: %n stage(s)</source>
        <translation>
            <numerusform>流水线：%n 个环节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolController</name>
    <message>
        <source>Not done: {error}</source>
        <translation>未完成：{error}</translation>
    </message>
    <message>
        <source>Paused {ids}.</source>
        <translation>已暂停 {ids}。</translation>
    </message>
    <message>
        <source>Resumed {ids}.</source>
        <translation>已恢复 {ids}。</translation>
    </message>
    <message>
        <source>Stopped {ids}.</source>
        <translation>已停止 {ids}。</translation>
    </message>
    <message>
        <source>Extended {ids} to the phones that joined since.</source>
        <translation>已把 {ids} 扩展到之后接入的手机。</translation>
    </message>
    <message>
        <source>The failed and cancelled tasks of {ids} run again as new batches.</source>
        <translation>{ids} 中失败和已取消的任务已作为新批次重新运行。</translation>
    </message>
    <message>
        <source>The failed tasks of {ids} run again as new batches.</source>
        <translation>{ids} 中失败的任务已作为新批次重新运行。</translation>
    </message>
    <message>
        <source>No pipeline view: {error}</source>
        <translation>无法显示流水线：{error}</translation>
    </message>
    <message>
        <source>Not installed: {error}</source>
        <translation>未安装：{error}</translation>
    </message>
    <message numerus="yes">
        <source>Installing {apk} on %n phone(s): batch #{batch}.</source>
        <translation>
            <numerusform>正在 %n 台手机上安装 {apk}：批次 #{batch}。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolEditorView</name>
    <message>
        <source>New batch…</source>
        <translation>新建批次…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Extend to new phones</source>
        <translation>扩展到新手机</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重试失败任务</translation>
    </message>
    <message>
        <source>Open records</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <source>Hide finished</source>
        <translation>隐藏已结束</translation>
    </message>
    <message>
        <source>Priority not changed</source>
        <translation>优先级未修改</translation>
    </message>
    <message numerus="yes">
        <source>Retry the %n failed task(s) of {what} as new batches?</source>
        <translation>
            <numerusform>将{what}的 %n 个失败任务作为新批次重试？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{what} has no failed task. Its %n cancelled task(s) were stopped on purpose: run them again as new batches?</source>
        <translation>
            <numerusform>{what}没有失败的任务。它的 %n 个已取消任务是有意停止的：要作为新批次重新运行吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry the %n failed task(s) of {what} as new batches? Cancelled tasks were stopped on purpose and stay cancelled unless you tick the box.</source>
        <translation>
            <numerusform>将{what}的 %n 个失败任务作为新批次重试？已取消的任务是有意停止的，除非勾选下面的选项，否则保持取消。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also retry the %n cancelled task(s)</source>
        <translation>
            <numerusform>同时重试 %n 个已取消的任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Select one batch to see its pipeline.</source>
        <translation>选择一个批次查看它的流水线。</translation>
    </message>
    <message>
        <source>Loading the pipeline of #{id}…</source>
        <translation>正在加载 #{id} 的流水线…</translation>
    </message>
    <message>
        <source>#{id} {name} is not part of a pipeline.</source>
        <translation>#{id} {name} 不属于任何流水线。</translation>
    </message>
    <message>
        <source>batch “{name}”</source>
        <translation>批次“{name}”</translation>
    </message>
    <message>
        <source>{count} batches</source>
        <translation>{count} 个批次</translation>
    </message>
    <message>
        <source>Stop {what}? {queued} queued tasks are cancelled and {running} running tasks stop at their next step.</source>
        <translation>停止{what}？排队中的 {queued} 个任务将取消，运行中的 {running} 个任务将在下一步停止。</translation>
    </message>
    <message>
        <source>Pause {count} batches?</source>
        <translation>暂停 {count} 个批次？</translation>
    </message>
    <message>
        <source>Resume {count} batches?</source>
        <translation>恢复 {count} 个批次？</translation>
    </message>
    <message>
        <source>Extend {count} batches to new phones?</source>
        <translation>把 {count} 个批次扩展到新手机？</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>after {ids}</source>
        <translation>接在 {ids} 之后</translation>
    </message>
    <message>
        <source>feeds {ids}</source>
        <translation>供给 {ids}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>stopped by an operator</source>
        <extracomment>A reason as the controllers hand it up: its code and its values.</extracomment>
        <translation>被操作员停止</translation>
    </message>
    <message>
        <source>stopped as the worker shut down</source>
        <translation>执行程序退出时停止</translation>
    </message>
    <message>
        <source>stopped by its worker</source>
        <translation>被执行程序停止</translation>
    </message>
    <message>
        <source>the batch was stopped</source>
        <translation>批次已停止</translation>
    </message>
    <message>
        <source>the phone was stopped</source>
        <translation>手机已停止</translation>
    </message>
    <message>
        <source>batch #{batch} was stopped</source>
        <translation>批次 #{batch} 已停止</translation>
    </message>
    <message>
        <source>task #{task} was stopped</source>
        <translation>任务 #{task} 已停止</translation>
    </message>
    <message>
        <source>ran past the task&apos;s time limit</source>
        <translation>超过任务时限</translation>
    </message>
    <message>
        <source>the pool gave the task to another phone</source>
        <translation>任务池已把任务交给另一台手机</translation>
    </message>
    <message>
        <source>batch #{batch} stopped by {by}</source>
        <translation>批次 #{batch} 被 {by} 停止</translation>
    </message>
    <message>
        <source>task #{task} stopped by {by}</source>
        <translation>任务 #{task} 被 {by} 停止</translation>
    </message>
    <message>
        <source>phone {serial} stopped by {by}</source>
        <translation>手机 {serial} 被 {by} 停止</translation>
    </message>
    <message>
        <source>phone {serial} removed while offline by {by}</source>
        <translation>手机 {serial} 离线时被 {by} 移除</translation>
    </message>
    <message>
        <source>removed while offline by {by}</source>
        <translation>离线时被 {by} 移除</translation>
    </message>
    <message>
        <source>paused by {by}</source>
        <translation>被 {by} 暂停</translation>
    </message>
    <message>
        <source>skipped: {reason}</source>
        <translation>已跳过：{reason}</translation>
    </message>
    <message>
        <source>upstream task #{task} failed: {message}</source>
        <translation>上游任务 #{task} 失败：{message}</translation>
    </message>
    <message>
        <source>no eligible account left: all {count} were barred after device errors (last: {message})</source>
        <translation>没有可用账号了：全部 {count} 个账号因设备问题被排除出本批次（最后一次：{message}）</translation>
    </message>
    <message>
        <source>no eligible account left: all {count} were excluded after device errors (last: {message})</source>
        <translation>没有可用账号了：全部 {count} 个账号因设备问题被排除出本任务（最后一次：{message}）</translation>
    </message>
    <message>
        <source>drained after {count} device failures across batches (last: {message})</source>
        <translation>跨批次 {count} 次设备问题后已收尾（最后一次：{message}）</translation>
    </message>
    <message>
        <source>gave up after {count} failed tries: {message}</source>
        <translation>失败 {count} 次后放弃：{message}</translation>
    </message>
    <message>
        <source>ran past its time limit of {seconds} s</source>
        <translation>超过时限 {seconds} 秒</translation>
    </message>
    <message>
        <source>stopped by {by}</source>
        <translation>被 {by} 停止</translation>
    </message>
</context>
<context>
    <name>RecordArtifacts</name>
    <message>
        <source>no artifact store on this PC</source>
        <translation>本机没有配置证据存储</translation>
    </message>
    <message>
        <source>too large to show ({size} bytes)</source>
        <translation>太大，无法显示（{size} 字节）</translation>
    </message>
    <message>
        <source>deleted by retention</source>
        <translation>已按保留期限删除</translation>
    </message>
    <message>
        <source>another PC</source>
        <translation>另一台电脑</translation>
    </message>
    <message>
        <source>still waiting for upload on {host}</source>
        <translation>仍在 {host} 上等待上传</translation>
    </message>
    <message>
        <source>it is not in the artifact store</source>
        <translation>证据存储里没有它</translation>
    </message>
    <message>
        <source>the artifact store cannot be reached</source>
        <translation>连不上证据存储</translation>
    </message>
    <message>
        <source>it changed since it was saved (SHA-256 differs)</source>
        <translation>保存后被改动过（SHA-256 不一致）</translation>
    </message>
    <message>
        <source>… shortened: the first {chars} characters of {size} KB</source>
        <translation>… 已截断：只显示 {size} KB 中的前 {chars} 个字符</translation>
    </message>
    <message>
        <source>… earlier lines not shown: the last {count} lines follow</source>
        <translation>… 更早的行未显示：以下是最后 {count} 行</translation>
    </message>
</context>
<context>
    <name>RecordDetailsPane</name>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>产出数据</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Before the failure</source>
        <translation>失败前画面</translation>
    </message>
    <message>
        <source>Hierarchy</source>
        <translation>界面结构</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Items ({total})</source>
        <translation>产出数据（{total}）</translation>
    </message>
    <message>
        <source>Items ({shown} of {total})</source>
        <translation>产出数据（{shown}/{total}）</translation>
    </message>
    <message>
        <source>No hierarchy was saved.</source>
        <translation>没有保存界面结构。</translation>
    </message>
    <message>
        <source>No log lines.</source>
        <translation>没有日志。</translation>
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation>选择一条记录查看详情。</translation>
    </message>
    <message>
        <source>No failure.</source>
        <translation>没有失败。</translation>
    </message>
    <message>
        <source>(no step recorded)</source>
        <translation>（未记录步骤）</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误代码</translation>
    </message>
    <message>
        <source>Failing step</source>
        <translation>出错步骤</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>原始信息</translation>
    </message>
    <message>
        <source>&lt;b&gt;{label}:&lt;/b&gt; {value}</source>
        <translation>&lt;b&gt;{label}：&lt;/b&gt;{value}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>connected ({transport})</source>
        <translation>已连接({transport})</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no ({state})</source>
        <translation>否({state})</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>This PC reached the phone</source>
        <translation>本电脑能连到手机</translation>
    </message>
    <message>
        <source>In front</source>
        <translation>前台应用</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>电池</translation>
    </message>
    <message>
        <source>Last phone calls</source>
        <translation>最近的手机调用</translation>
    </message>
    <message>
        <source>No screenshot.</source>
        <translation>没有截图。</translation>
    </message>
    <message>
        <source>The screenshot could not be read.</source>
        <translation>截图无法读取。</translation>
    </message>
    <message>
        <source>The frames before the failure could not be read.</source>
        <translation>无法读取失败前的画面。</translation>
    </message>
    <message>
        <source>No frames of the seconds before a failure were kept.</source>
        <translation>未保留失败前的画面。</translation>
    </message>
    <message>
        <source>{status}, attempt {attempt}</source>
        <translation>{status}，第 {attempt} 次</translation>
    </message>
    <message>
        <source>{time} on {device} ({host})</source>
        <translation>{time} 在 {device}（{host}）</translation>
    </message>
    <message>
        <source>, account {account}</source>
        <translation>，账号 {account}</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>waiting for upload</source>
        <translation>等待上传</translation>
    </message>
    <message>
        <source>deleted by retention</source>
        <translation>已按保留期限删除</translation>
    </message>
    <message>
        <source>artifact %1 · %2 KB · %3</source>
        <translation>证据 %1 · %2 KB · %3</translation>
    </message>
    <message>
        <source>not shown here: %1</source>
        <translation>此处无法显示:%1</translation>
    </message>
</context>
<context>
    <name>RecordFilterBar</name>
    <message>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>近一小时</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>any account</source>
        <translation>全部账号</translation>
    </message>
    <message>
        <source>any flow</source>
        <translation>全部流程</translation>
    </message>
    <message>
        <source>any error code</source>
        <translation>全部错误代码</translation>
    </message>
    <message>
        <source>any phone</source>
        <translation>全部手机</translation>
    </message>
    <message>
        <source>any host</source>
        <translation>全部主机</translation>
    </message>
    <message>
        <source>any batch (id)</source>
        <translation>全部批次 (编号)</translation>
    </message>
    <message>
        <source>any author id</source>
        <translation>全部作者 ID</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>Any error class</source>
        <translation>全部错误类别</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Author id</source>
        <translation>作者 ID</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Batch: enter a batch number, e.g. 12</source>
        <translation>批次：请输入批次编号，例如 12</translation>
    </message>
    <message>
        <source>Time: “from” must be before “to”</source>
        <translation>时间：开始必须早于结束</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误代码</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Author id</source>
        <translation>作者 ID</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>{count} item</source>
        <translation>{count} 条数据</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} 条数据</translation>
    </message>
    <message>
        <source>{minutes}m {seconds}s</source>
        <translation>{minutes}分{seconds}秒</translation>
    </message>
    <message>
        <source>{seconds}s</source>
        <translation>{seconds}秒</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <source>Records could not be loaded: {reason}</source>
        <translation>记录加载失败：{reason}</translation>
    </message>
    <message>
        <source>The details of #{id} could not be loaded: {reason}</source>
        <translation>#{id} 的详情加载失败：{reason}</translation>
    </message>
    <message>
        <source>Loading the details of #{id}…</source>
        <translation>正在加载 #{id} 的详情…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown</source>
        <translation>
            <numerusform>显示 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>{shown} of {total} records shown</source>
        <translation>显示 {shown}/{total} 条记录</translation>
    </message>
    <message>
        <source> (loading stops at {limit}: narrow the filter, or export)</source>
        <translation>（最多加载 {limit} 条：请缩小筛选范围，或直接导出）</translation>
    </message>
    <message>
        <source>; scroll down for more</source>
        <translation>；向下滚动加载更多</translation>
    </message>
    <message>
        <source>Export records to Excel</source>
        <translation>导出记录到 Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>RecordsController</name>
    <message>
        <source>An export is already running; cancel it first.</source>
        <translation>已有导出在进行中，请先取消。</translation>
    </message>
    <message>
        <source>Export failed: {reason}</source>
        <translation>导出失败：{reason}</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message>
        <source>the pool refused it (the log says why)</source>
        <translation>任务池拒绝了该操作（原因见日志）</translation>
    </message>
    <message>
        <source>there is no batch #{batch}</source>
        <translation>没有批次 #{batch}</translation>
    </message>
    <message>
        <source>there is no task #{task}</source>
        <translation>没有任务 #{task}</translation>
    </message>
    <message>
        <source>no phone {serial} is known</source>
        <translation>没有手机 {serial}</translation>
    </message>
    <message>
        <source>no account {account} is known</source>
        <translation>没有账号 {account}</translation>
    </message>
    <message>
        <source>batch #{batch} is already {state}</source>
        <translation>批次 #{batch} 已是「{state}」</translation>
    </message>
    <message>
        <source>task #{task} is already {state}</source>
        <translation>任务 #{task} 已是「{state}」</translation>
    </message>
    <message>
        <source>phone {serial} is connected; only an offline phone is removed</source>
        <translation>手机 {serial} 在线；只能移除离线手机</translation>
    </message>
    <message>
        <source>batch #{batch} is {state}; only an active batch pauses</source>
        <translation>批次 #{batch} 是「{state}」；只有进行中的批次能暂停</translation>
    </message>
    <message>
        <source>batch #{batch} is {state}, not paused</source>
        <translation>批次 #{batch} 是「{state}」，不是暂停状态</translation>
    </message>
    <message>
        <source>batch #{batch} is a {mode} batch; only an each-device batch grows</source>
        <translation>批次 #{batch} 的模式是「{mode}」；只有每台手机模式的批次能扩展</translation>
    </message>
    <message>
        <source>batch #{batch} is {state}; it cannot be extended</source>
        <translation>批次 #{batch} 是「{state}」，不能再扩展</translation>
    </message>
    <message>
        <source>batch #{batch} has no failed tasks</source>
        <translation>批次 #{batch} 没有失败的任务</translation>
    </message>
    <message>
        <source>batch #{batch} has no failed or cancelled tasks</source>
        <translation>批次 #{batch} 没有失败或已取消的任务</translation>
    </message>
    <message>
        <source>no phone or account to run on</source>
        <translation>没有可以执行的手机或账号</translation>
    </message>
    <message>
        <source>no phone or account is eligible to take the tasks</source>
        <translation>没有手机或账号可以领取这些任务</translation>
    </message>
    <message>
        <source>each task needs {needed} different accounts, but only {eligible} can take it</source>
        <translation>每个任务需要 {needed} 个不同账号，但只有 {eligible} 个可用</translation>
    </message>
    <message>
        <source>the upstream batch #{batch} does not exist</source>
        <translation>上游批次 #{batch} 不存在</translation>
    </message>
    <message>
        <source>the upstream batch #{batch} was stopped; it will never complete</source>
        <translation>上游批次 #{batch} 已停止，不会再完成</translation>
    </message>
    <message>
        <source>a task of the upstream batch #{batch} failed fatally; this one would stop</source>
        <translation>上游批次 #{batch} 有任务严重失败，本批次会被停止</translation>
    </message>
    <message>
        <source>{field}: {value} is not within {low} to {high}</source>
        <translation>{field}：{value} 不在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>{field}: at most {limit} characters</source>
        <translation>{field}：最多 {limit} 个字符</translation>
    </message>
    <message>
        <source>{field}: larger than {limit} bytes</source>
        <translation>{field}：超过 {limit} 字节</translation>
    </message>
    <message>
        <source>{field} does not fit a {mode} batch</source>
        <translation>{field} 不适用于「{mode}」模式的批次</translation>
    </message>
    <message>
        <source>{field}: the list is empty</source>
        <translation>{field}：列表为空</translation>
    </message>
    <message>
        <source>account {account} exists in several apps ({apps}); write it as APP:{account}</source>
        <translation>账号 {account} 在多个应用中都有（{apps}）；请写成 应用:{account}</translation>
    </message>
    <message>
        <source>{flow} runs on a PC, not a phone: choose mode pool without targets</source>
        <translation>{flow} 在电脑上执行，不在手机上：请选任务池模式，不指定手机</translation>
    </message>
    <message>
        <source>{field} must be given</source>
        <translation>必须填写{field}</translation>
    </message>
    <message>
        <source>{field}: {value} is not one of {choices}</source>
        <translation>{field}：没有「{value}」这一项</translation>
    </message>
    <message>
        <source>there is no schedule #{schedule}</source>
        <translation>没有定时任务 #{schedule}</translation>
    </message>
    <message>
        <source>schedule #{schedule} is already paused</source>
        <translation>定时任务 #{schedule} 已经暂停</translation>
    </message>
    <message>
        <source>schedule #{schedule} is not paused</source>
        <translation>定时任务 #{schedule} 没有暂停</translation>
    </message>
    <message>
        <source>schedule #{schedule} already ran at this time; try again in a moment</source>
        <translation>定时任务 #{schedule} 在这个时间已经执行过，请稍后再试</translation>
    </message>
    <message>
        <source>{cron} is not a cron expression that ever matches</source>
        <translation>{cron} 不是有效的 cron 表达式（或永远不会触发）</translation>
    </message>
    <message>
        <source>the end must come after the start</source>
        <translation>结束时间必须晚于开始时间</translation>
    </message>
    <message>
        <source>{value} is not a span of time</source>
        <translation>{value} 不是时长</translation>
    </message>
    <message>
        <source>{value} is not a date and time</source>
        <translation>{value} 不是时间</translation>
    </message>
    <message>
        <source>the parameters do not fit the flow (the log says which)</source>
        <translation>参数不符合流程的要求（详见日志）</translation>
    </message>
    <message>
        <source>the database cannot be reached (the log says why)</source>
        <translation>连不上数据库（原因见日志）</translation>
    </message>
    <message>
        <source>the database could not do it (the log says why)</source>
        <translation>数据库未能完成（原因见日志）</translation>
    </message>
    <message>
        <source>this PC&apos;s adb server could not be started on port {port}</source>
        <translation>本机的 adb 服务无法在端口 {port} 上启动</translation>
    </message>
    <message>
        <source>the simulated phones could not start (the log says why)</source>
        <translation>模拟手机无法启动（原因见日志）</translation>
    </message>
    <message>
        <source>the number of phones must be 1 to {limit}</source>
        <translation>手机数量必须在 1 到 {limit} 之间</translation>
    </message>
</context>
<context>
    <name>RefusalField</name>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>Retry delay</source>
        <translation>重试间隔</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>成功数</translation>
    </message>
    <message>
        <source>Per account</source>
        <translation>每账号上限</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>执行对象</translation>
    </message>
    <message>
        <source>After batch</source>
        <translation>上游批次</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <source>Imported rows</source>
        <translation>导入的行</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Catch up</source>
        <translation>补执行</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Every or cron</source>
        <translation>间隔或 cron</translation>
    </message>
    <message>
        <source>Cron</source>
        <translation>Cron</translation>
    </message>
    <message>
        <source>First run</source>
        <translation>最早开始时间</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Overlap</source>
        <translation>上一轮未完时</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
</context>
<context>
    <name>RepeatBox</name>
    <message>
        <source>Repeat on a schedule (monitoring)</source>
        <translation>按计划重复执行（监控）</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>每隔</translation>
    </message>
    <message>
        <source>Cron expression</source>
        <translation>Cron 表达式</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>重复方式：</translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation>间隔：</translation>
    </message>
    <message>
        <source>Cron:</source>
        <translation>Cron：</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <source>If the last run is still going:</source>
        <translation>上一次仍在运行时：</translation>
    </message>
    <message>
        <source>Catch up a missed slot within:</source>
        <translation>补跑错过的时间点（在此时长内）：</translation>
    </message>
    <message>
        <source>First run not before:</source>
        <translation>最早开始时间：</translation>
    </message>
    <message>
        <source>No run after:</source>
        <translation>结束时间：</translation>
    </message>
    <message>
        <source>skip this slot</source>
        <translation>跳过本次</translation>
    </message>
    <message>
        <source>run both</source>
        <translation>同时运行</translation>
    </message>
    <message>
        <source>stop the last run</source>
        <translation>停止上一次</translation>
    </message>
    <message>
        <source>e.g. 15m, 1h, 1d</source>
        <translation>例如 15m、1h、1d</translation>
    </message>
    <message>
        <source>empty: 5m</source>
        <translation>留空：5m</translation>
    </message>
    <message>
        <source>empty: now; e.g. 2026-12-08 08:00</source>
        <translation>留空：立即；例如 2026-12-08 08:00</translation>
    </message>
    <message>
        <source>empty: never ends</source>
        <translation>留空：不结束</translation>
    </message>
    <message>
        <source>say how often to repeat</source>
        <translation>请填写重复的间隔</translation>
    </message>
</context>
<context>
    <name>ScheduleTableModel</name>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <source>Result of the last run</source>
        <translation>上次运行结果</translation>
    </message>
    <message>
        <source>Hits of the last run</source>
        <translation>上次命中数</translation>
    </message>
    <message>
        <source>cron {expr}</source>
        <translation>cron {expr}</translation>
    </message>
    <message>
        <source>every {n} h</source>
        <translation>每 {n} 小时</translation>
    </message>
    <message>
        <source>every {n} min</source>
        <translation>每 {n} 分钟</translation>
    </message>
    <message>
        <source>every {n} s</source>
        <translation>每 {n} 秒</translation>
    </message>
    <message>
        <source>active</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>missed: no agent was running at its time</source>
        <translation>已错过：当时没有电脑在运行</translation>
    </message>
    <message>
        <source>missed: later than the catch-up window</source>
        <translation>已错过：超过补跑时限</translation>
    </message>
    <message>
        <source>skipped: batch #{arg} was still running</source>
        <translation>已跳过：批次 #{arg} 仍在运行</translation>
    </message>
    <message>
        <source>stopped the still running batch #{arg}</source>
        <translation>已停止仍在运行的批次 #{arg}</translation>
    </message>
    <message>
        <source>batch #{arg} was still running; both run</source>
        <translation>批次 #{arg} 仍在运行；两者同时运行</translation>
    </message>
    <message>
        <source>the pool refused the batch</source>
        <translation>任务池拒绝了该批次</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>batch #{batch}: {state}</source>
        <translation>批次 #{batch}：{state}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>SchedulesController</name>
    <message>
        <source>Interval: a span such as 30s, 15m, 2h or 1d, 1 s to 366 days</source>
        <translation>间隔：应为 30s、15m、2h 或 1d 这样的时长，1 秒到 366 天</translation>
    </message>
    <message>
        <source>Cron: five fields, e.g. */15 8-22 * * *</source>
        <translation>Cron：应为五段式，例如 */15 8-22 * * *</translation>
    </message>
    <message>
        <source>Time zone: an IANA name such as Asia/Shanghai or UTC</source>
        <translation>时区：应为 IANA 时区名，例如 Asia/Shanghai 或 UTC</translation>
    </message>
    <message>
        <source>Catch-up: a span from 0 to 7 days, such as 30m</source>
        <translation>补跑时限：应为 0 到 7 天的时长，例如 30m</translation>
    </message>
    <message>
        <source>First run: a time such as 2026-12-08 08:00</source>
        <translation>最早开始时间：应为时间，例如 2026-12-08 08:00</translation>
    </message>
    <message>
        <source>End: a time such as 2026-12-08 08:00, after the first run</source>
        <translation>结束时间：应为时间，例如 2026-12-08 08:00，且晚于开始时间</translation>
    </message>
    <message>
        <source>Paused schedule(s) {ids}.</source>
        <translation>已暂停定时任务 {ids}。</translation>
    </message>
    <message>
        <source>Resumed schedule(s) {ids}.</source>
        <translation>已恢复定时任务 {ids}。</translation>
    </message>
    <message>
        <source>Schedule(s) {ids} run now.</source>
        <translation>定时任务 {ids} 已立即运行。</translation>
    </message>
    <message>
        <source>Removed schedule(s) {ids}.</source>
        <translation>已删除定时任务 {ids}。</translation>
    </message>
    <message>
        <source>Not done: {error}</source>
        <translation>未完成：{error}</translation>
    </message>
    <message>
        <source>{rule} ({refusal})</source>
        <translation>{rule}（{refusal}）</translation>
    </message>
</context>
<context>
    <name>SchedulesView</name>
    <message>
        <source>New schedule…</source>
        <translation>新建定时任务…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>立即运行</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n schedule(s)? They fire no more; their runs stay in the records.</source>
        <translation>
            <numerusform>删除 %n 个定时任务？删除后不再触发；已运行的记录保留在执行记录中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove schedules</source>
        <translation>删除定时任务</translation>
    </message>
    <message numerus="yes">
        <source>%n schedule(s)</source>
        <translation>
            <numerusform>%n 个定时任务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TableImport</name>
    <message>
        <source>{file}: not an Excel (.xlsx) or CSV file</source>
        <translation>{file}：不是 Excel (.xlsx) 或 CSV 文件</translation>
    </message>
    <message>
        <source>{file}: the file is empty</source>
        <translation>{file}：文件是空的</translation>
    </message>
    <message>
        <source>{file}: more than {limit} columns</source>
        <translation>{file}：超过 {limit} 列</translation>
    </message>
    <message>
        <source>{file}: more than {limit} rows</source>
        <translation>{file}：超过 {limit} 行</translation>
    </message>
    <message>
        <source>{file}: cannot be read as Excel (damaged, or not an .xlsx file)</source>
        <translation>{file}：无法作为 Excel 读取（文件已损坏，或不是 .xlsx 文件）</translation>
    </message>
    <message>
        <source>{file}: the workbook has no sheet</source>
        <translation>{file}：工作簿中没有工作表</translation>
    </message>
    <message>
        <source>formula without a cached value (open and save the file in Excel, or paste values)</source>
        <translation>公式没有已计算的值（请在 Excel 中打开并保存文件，或粘贴为数值）</translation>
    </message>
    <message>
        <source>the cell shows an error</source>
        <translation>单元格显示错误</translation>
    </message>
    <message>
        <source>part of merged cells (unmerge them and fill every cell)</source>
        <translation>属于合并单元格（请取消合并并填写每个单元格）</translation>
    </message>
    <message>
        <source>merged header (unmerge it: every column needs its own header)</source>
        <translation>表头是合并单元格（请取消合并：每列需要自己的表头）</translation>
    </message>
    <message>
        <source>a value in a column without a header</source>
        <translation>该列没有表头，却有数据</translation>
    </message>
    <message>
        <source>{file}: the file no longer exists</source>
        <translation>{file}：文件已不存在</translation>
    </message>
    <message>
        <source>{file}: no permission to read it</source>
        <translation>{file}：没有读取权限</translation>
    </message>
    <message>
        <source>{file}: cannot be read (the log says why)</source>
        <translation>{file}：无法读取（原因见日志）</translation>
    </message>
    <message>
        <source>{file}: not a valid CSV file</source>
        <translation>{file}：不是有效的 CSV 文件</translation>
    </message>
    <message>
        <source>{file}: unknown text encoding</source>
        <translation>{file}：无法识别的文字编码</translation>
    </message>
    <message>
        <source>empty header: name a parameter</source>
        <translation>表头为空：请填写参数名</translation>
    </message>
    <message>
        <source>no such parameter ({known})</source>
        <translation>没有这个参数（可用：{known}）</translation>
    </message>
    <message>
        <source>parameter given twice</source>
        <translation>参数重复出现</translation>
    </message>
    <message>
        <source>{message} (no column, no form value)</source>
        <translation>{message}（文件中没有这一列，表单中也没填）</translation>
    </message>
</context>
<context>
    <name>TokenModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用</translation>
    </message>
</context>
<context>
    <name>TokenState</name>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
</context>
</TS>
