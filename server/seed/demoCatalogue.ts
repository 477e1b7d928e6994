import type { ProductCategory } from '../../shared/domain/product.js';
import type { ServiceOrderType } from '../../shared/domain/serviceOrder.js';

/** Word lists for the demo data: names, phone prefixes, appliance models, fault descriptions. */

/** Common surnames, most frequent first (the generator weights toward the head of the list). */
export const SURNAMES: readonly string[] = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
];

export const GIVEN_NAME_CHARACTERS: readonly string[] = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '玉', '萍', '红', '建', '文', '辉', '鹏', '宇', '浩', '婷', '雪', '琳', '欣', '晨', '博', '思',
  '梅', '兰', '海', '波', '斌', '宁', '慧', '佳', '嘉', '俊', '凯', '颖', '倩', '飞', '峰', '志', '国', '德', '春', '晓',
];

/** Mobile number prefixes of the three carriers and MVNOs (13x, 15x, 17x, 18x, 19x). */
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158',
  '159', '170', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191',
  '198', '199',
];

export interface CategoryPlan {
  category: ProductCategory;
  /** Serial number prefix, e.g. AC2309K0012345. */
  serialPrefix: string;
  /** Relative share of products. */
  weight: number;
  models: readonly string[];
  faults: readonly string[];
}

export const CATEGORY_PLANS: readonly CategoryPlan[] = [
  {
    category: 'air_conditioner',
    serialPrefix: 'AC',
    weight: 28,
    models: ['KFR-35GW/BP3DN8Y', 'KFR-26GW/BP3DN8Y', 'KFR-50LW/BP2DN8Y', 'KFR-72LW/BP2DN1Y', 'KFR-35GW/N8MJA3', 'KFR-26GW/N8XHA1'],
    faults: ['空调不制冷，出风口是热风', '外机噪音很大', '显示E1故障代码', '室内机漏水', '遥控器无反应', '制热效果差'],
  },
  {
    category: 'tv',
    serialPrefix: 'TV',
    weight: 18,
    models: ['65E7N', '55E7N', '75E8K', '85U8H', '50A6F', '65Q10K', '43E2F'],
    faults: ['开机黑屏但有声音', '屏幕出现竖线', '无法连接WiFi', '遥控失灵', '画面闪烁', '开机后自动重启'],
  },
  {
    category: 'refrigerator',
    serialPrefix: 'RF',
    weight: 16,
    models: ['BCD-470WDPG', 'BCD-325WPZM', 'BCD-508WGHFTD', 'BCD-610WKPZM', 'BCD-218STPS'],
    faults: ['冷藏室不制冷', '冷冻室结霜严重', '压缩机异响', '门封条老化漏冷', '显示屏报警'],
  },
  {
    category: 'washing_machine',
    serialPrefix: 'WM',
    weight: 16,
    models: ['XQG100-BD14376', 'XQG90-HBD1476', 'XQG80-DW1276', 'XQB100-BZ506', 'XQG120-BD14376L'],
    faults: ['脱水时震动很大', '不进水', '显示E21故障', '排水很慢', '滚筒不转', '门锁打不开'],
  },
  {
    category: 'microwave',
    serialPrefix: 'MW',
    weight: 7,
    models: ['M1-L213B', 'M3-L233C', 'PM20A1', 'EG823MF2-NR', 'M1-211A'],
    faults: ['不加热', '转盘不转', '门关不紧', '工作时有火花'],
  },
  {
    category: 'kitchen',
    serialPrefix: 'KT',
    weight: 8,
    models: ['CXW-260-E9001', 'JZT-Q360B', 'WQP12-7501', 'CXW-220-TJ8115', 'JZY-Q230B'],
    faults: ['油烟机吸力变小', '燃气灶打不着火', '洗碗机不排水', '油烟机异响'],
  },
  {
    category: 'small_appliance',
    serialPrefix: 'SA',
    weight: 7,
    models: ['MB-FB40E511', 'SZ-G20', 'C21-WH2118', 'MJ-BL1036A', 'SH-6301'],
    faults: ['电饭煲不加热', '指示灯不亮', '使用时跳闸', '按键失灵'],
  },
];

/** What people call about besides a fault, by order type. */
export const REQUESTS_BY_TYPE: Record<Exclude<ServiceOrderType, 'repair'>, readonly string[]> = {
  installation: ['新机安装预约', '移机安装', '新购产品上门安装调试'],
  maintenance: ['年度清洗保养', '深度清洁保养', '换季检修'],
  inquiry: ['咨询保修政策', '咨询配件价格', '咨询延保服务', '咨询使用方法'],
  complaint: ['维修师傅迟到两小时', '维修后故障复发', '上门服务收费不合理'],
  suggestion: ['建议增加夜间上门服务', '建议短信提前通知上门时间'],
};
