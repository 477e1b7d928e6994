/**
 * The desktop host's own words (tray, quit question, key problems), in the two languages of the
 * app. The page has i18next; the main process shows only these few, chosen from the OS locale.
 */
export type ShellLanguage = 'zh' | 'en';

export function shellLanguage(locale: string): ShellLanguage {
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const texts = {
  zh: {
    appName: '坐席工作台',
    ready: '就绪',
    notReady: '未就绪',
    onCall: '通话中',
    wrapUp: '话后处理',
    offline: '离线',
    loggedOut: '未登录',
    phoneDown: '电话未注册',
    headquartersOffline: '总部离线：使用本机缓存工作',
    show: '显示工作台',
    quit: '退出',
    quitTitle: '退出坐席工作台？',
    quitCall: '正在通话：退出会挂断这通电话。',
    quitUnsynced: (n: number) => `还有 ${n} 条更改未同步到总部：它们保存在本机，下次登录时再同步。`,
    quitConfirm: '退出',
    quitCancel: '取消',
    keyTaken: (key: string) => `快捷键 ${key} 已被其他程序占用`,
    keyInvalid: (key: string) => `快捷键 ${key} 无效`,
    exportDiagnostics: '导出诊断信息…',
    callUpTitle: '正在通话',
    callUp: '正在通话。现在关闭或重新加载会挂断这通电话。',
    endCallAndClose: '挂断并关闭',
    stayOnCall: '继续通话',
    windowStoppedTitle: '工作台窗口意外停止',
    windowStopped: '工作台窗口意外停止，正在重新加载。刚才的通话可能已断开：请核对来电号码，必要时回拨。',
    cannotStartTitle: '坐席工作台无法启动',
    detailsIn: (file: string) => `详细信息见 ${file}。`,
    updateCurrent: (version: string) => `版本 ${version}：已是最新`,
    updateChecking: '正在检查更新…',
    updateFound: (version: string) => `发现新版本 ${version}：通话结束后开始下载`,
    updateDownloading: (version: string, percent: number) => `正在下载新版本 ${version}：${percent}%`,
    updateReady: (version: string) => `新版本 ${version} 已下载：退出时安装`,
    updateFailed: '检查更新失败：稍后自动重试',
    updatesOff: '自动更新已由 IT 关闭',
    restartToUpdate: '重启以更新',
    restartToUpdateLater: '重启以更新（通话结束、更改同步到总部后可用）',
    updateReadyNoticeTitle: '坐席工作台新版本已下载',
    updateReadyNotice: (version: string) => `版本 ${version} 将在退出时安装；空闲时也可在托盘菜单中选择“重启以更新”。`,
  },
  en: {
    appName: 'Agent Workstation',
    ready: 'Ready',
    notReady: 'Not ready',
    onCall: 'On a call',
    wrapUp: 'Wrap-up',
    offline: 'Offline',
    loggedOut: 'Not logged in',
    phoneDown: 'phone not registered',
    headquartersOffline: 'headquarters offline: working from the cache',
    show: 'Show the workstation',
    quit: 'Quit',
    quitTitle: 'Quit Agent Workstation?',
    quitCall: 'A call is in progress: quitting ends it.',
    quitUnsynced: (n: number) => `${n} change(s) have not reached headquarters yet: they stay on this PC and sync at the next login.`,
    quitConfirm: 'Quit',
    quitCancel: 'Cancel',
    keyTaken: (key: string) => `The key ${key} is taken by another program`,
    keyInvalid: (key: string) => `The key ${key} is not a valid shortcut`,
    exportDiagnostics: 'Export diagnostics…',
    callUpTitle: 'A call is in progress',
    callUp: 'A call is in progress. Closing or reloading now ends the call.',
    endCallAndClose: 'End the call and close',
    stayOnCall: 'Stay on the call',
    windowStoppedTitle: 'The workstation window stopped',
    windowStopped: 'The workstation window stopped unexpectedly and is being reloaded. A call that was up may have been dropped: check the caller and call back if needed.',
    cannotStartTitle: 'Agent Workstation could not start',
    detailsIn: (file: string) => `Details are in ${file}.`,
    updateCurrent: (version: string) => `Version ${version}: up to date`,
    updateChecking: 'Checking for updates…',
    updateFound: (version: string) => `Version ${version} found: it downloads when no call is up`,
    updateDownloading: (version: string, percent: number) => `Downloading version ${version}: ${percent}%`,
    updateReady: (version: string) => `Version ${version} downloaded: installed when you quit`,
    updateFailed: 'Could not check for updates: trying again later',
    updatesOff: 'Automatic updates turned off by IT',
    restartToUpdate: 'Restart to update',
    restartToUpdateLater: 'Restart to update (once no call is up and changes reached headquarters)',
    updateReadyNoticeTitle: 'A new Agent Workstation version is downloaded',
    updateReadyNotice: (version: string) => `Version ${version} is installed when you quit; when you are free you can also choose "Restart to update" in the tray menu.`,
  },
} as const;

export function shellTexts(language: ShellLanguage) {
  return texts[language];
}
export type ShellTexts = ReturnType<typeof shellTexts>;
