import type { VipTier } from '../../../../shared/domain/customer.js';
import type { ProductCategory } from '../../../../shared/domain/product.js';
import type { ServiceOrderStatus, ServiceOrderType } from '../../../../shared/domain/serviceOrder.js';
import type { CustomerSummary, WorkstationErrorCode } from '../../../../shared/workstationApi.js';

/**
 * Simplified Chinese, the default language, and the reference shape: every other language must
 * have exactly these keys (checked by the type of `en` and by tests/renderer/i18n.test.ts).
 * No plural forms are used, so the key sets of all languages are identical.
 */
export const zhCN = {
  app: {
    title: '坐席工作台',
    loading: '正在连接座席服务…',
  },
  noBridge: {
    title: '无法连接座席服务',
    body: '此页面缺少座席令牌。请打开座席主机启动时打印的完整地址（以 #token=… 结尾）。',
  },
  lang: {
    /** The label of the switch: the language it switches TO. */
    switchTo: 'English',
    switchTitle: '切换为英文界面',
  },
  login: {
    heading: '坐席登录',
    user: '工号',
    password: '密码',
    submit: '登录',
    pending: '正在登录…',
    missing: '请输入工号和密码',
    seat: '座席 {{seat}} · 版本 {{version}}',
  },
  header: {
    branch: '{{name}}（{{code}}）',
    seat: '座席 {{seat}}',
    logout: '退出登录',
    offlineLogin: '离线登录',
    offlineLoginTitle: '总部后台暂时无法连接，本次登录通过本机缓存验证；数据为本机缓存，恢复连接后自动同步。',
    roleSupervisor: '班长',
  },
  status: {
    online: '在线',
    offline: '离线',
    offlineTitle: '与总部后台的连接已断开，正在使用本机缓存；本地修改将在恢复连接后上传。',
    syncing: '同步中…',
    lastSync: '最后同步 {{time}}（{{ago}}）',
    neverSynced: '尚未同步',
    pending: '待上传 {{count}}',
    progress: '首次同步 {{done}} / {{total}}',
    lastError: '同步错误：{{message}}',
    syncNow: '立即同步',
    unknown: '正在获取同步状态…',
  },
  time: {
    justNow: '刚刚',
    minutesAgo: '{{count}} 分钟前',
    hoursAgo: '{{count}} 小时前',
    daysAgo: '{{count}} 天前',
  },
  search: {
    label: '搜索客户',
    placeholder: '电话、姓名、序列号或地址',
    shortcut: '按 / 或 Ctrl+K 随时回到搜索框',
    searching: '正在搜索…',
    empty: '没有找到与“{{query}}”匹配的客户',
    count: '找到 {{count}} 位客户',
    hint: '输入电话号码、姓名、产品序列号或地址查找客户。↑/↓ 选择，回车打开；按 / 或 Ctrl+K 随时回到搜索框。',
    matchedOn: '匹配：{{field}}',
    resultsLabel: '搜索结果',
  },
  matchedOn: {
    phone: '电话',
    name: '姓名',
    serial: '序列号',
    address: '地址',
  } satisfies Record<CustomerSummary['matchedOn'], string>,
  card: {
    placeholder: '在左侧搜索并选择客户，查看客户资料、产品和服务工单。',
    loading: '正在加载客户资料…',
    missing: '找不到该客户（可能已被删除或不在本分部范围内）。',
    phone: '电话',
    altPhone: '备用电话',
    address: '地址',
    products: '产品（{{count}}）',
    noProducts: '暂无登记产品',
    orders: '服务工单（{{count}}）',
    noOrders: '暂无服务工单',
    openOrders: '进行中（{{count}}）',
    pastOrders: '历史（{{count}}）',
    backHint: '按 Esc 返回搜索框',
  },
  product: {
    serial: '序列号',
    model: '型号',
    category: '品类',
    purchaseDate: '购买日期',
    warranty: '保修',
    expires: '{{date}} 到期',
    expired: '{{date}} 已到期',
  },
  order: {
    number: '工单号',
    type: '类型',
    status: '状态',
    product: '产品',
    fault: '故障描述',
    created: '创建日期',
    noFault: '（无）',
  },
  warranty: {
    in_warranty: '在保',
    out_of_warranty: '过保',
  },
  vip: {
    none: '普通客户',
    silver: '银卡会员',
    gold: '金卡会员',
    platinum: '白金会员',
  } satisfies Record<VipTier, string>,
  category: {
    tv: '电视',
    air_conditioner: '空调',
    refrigerator: '冰箱',
    washing_machine: '洗衣机',
    microwave: '微波炉',
    kitchen: '厨房电器',
    small_appliance: '小家电',
  } satisfies Record<ProductCategory, string>,
  orderType: {
    repair: '维修',
    installation: '安装',
    maintenance: '保养',
    inquiry: '咨询',
    complaint: '投诉',
    suggestion: '建议',
  } satisfies Record<ServiceOrderType, string>,
  orderStatus: {
    new: '新建',
    dispatched: '已派工',
    accepted: '已接单',
    in_service: '服务中',
    parts_pending: '待配件',
    completed: '已完工',
    visited: '已回访',
    closed: '已关闭',
    cancelled: '已取消',
  } satisfies Record<ServiceOrderStatus, string>,
  errors: {
    bad_input: '输入有误',
    auth_failed: '工号或密码错误',
    offline_login_unavailable: '无法连接总部后台，且本机没有该工号的离线登录记录',
    not_logged_in: '登录已失效，请重新登录',
    backend_unreachable: '无法连接总部后台',
    not_found: '未找到（可能已被删除）',
    invalid_transition: '不允许这样变更状态',
    internal: '系统内部错误',
    unknown: '发生未知错误',
  } satisfies Record<WorkstationErrorCode | 'unknown', string>,
};

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
/** The shape every language's messages must have. */
export type AppMessages = Messages<typeof zhCN>;
