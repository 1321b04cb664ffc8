<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Host: {host}   Slot: {slot}</source>
        <translation>主机：{host}   位置：{slot}</translation>
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
        <source>failed: {why}</source>
        <translation>失败：{why}</translation>
    </message>
    <message>
        <source>battery ?</source>
        <translation>电量 ?</translation>
    </message>
</context>
<context>
    <name>RecordDetailsPane</name>
    <message>
        <source>Error code</source>
        <translation>错误代码</translation>
    </message>
    <message>
        <source>The screenshot could not be read.</source>
        <translation>无法读取截图。</translation>
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
        <source>any error code</source>
        <translation>任意错误代码</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
</context>
</TS>
