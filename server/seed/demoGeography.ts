/** Where the demo customers live: the two branches' provinces, with real area codes. */

export interface DemoBranchPlan {
  code: 'BJ01' | 'GZ01';
  name: string;
  /** Provinces the branch serves, short names (北京, 广东). */
  regions: readonly string[];
}

export const DEMO_BRANCHES: readonly DemoBranchPlan[] = [
  { code: 'BJ01', name: '北京分公司', regions: ['北京', '天津', '河北', '山东', '山西', '辽宁', '吉林', '黑龙江', '内蒙古', '河南'] },
  { code: 'GZ01', name: '广州分公司', regions: ['广东', '广西', '福建', '海南', '湖南', '江西'] },
];

export interface DemoCity {
  /** Full province name as written in addresses (广东省, 北京市, 内蒙古自治区). */
  province: string;
  city: string;
  /** The city's GB/T 2260 code (server/regions/); the province's is its first two digits and 0000. */
  cityCode: string;
  /** Long-distance prefix with the trunk 0, e.g. 0755. */
  areaCode: string;
  /** Length of local landline numbers: 8 in big cities, 7 in some smaller ones. */
  localDigits: 7 | 8;
  /** Districts as the table names them: an address starts with one, and the customer's district code is its code. */
  districts: readonly string[];
  /** Relative share of customers. */
  weight: number;
}

export const DEMO_CITIES: readonly DemoCity[] = [
  { province: '北京市', city: '北京市', cityCode: '110100', areaCode: '010', localDigits: 8, districts: ['朝阳区', '海淀区', '东城区', '西城区', '丰台区', '通州区', '昌平区'], weight: 14 },
  { province: '天津市', city: '天津市', cityCode: '120100', areaCode: '022', localDigits: 8, districts: ['和平区', '南开区', '河西区', '河东区', '滨海新区'], weight: 6 },
  { province: '河北省', city: '石家庄市', cityCode: '130100', areaCode: '0311', localDigits: 8, districts: ['长安区', '桥西区', '裕华区', '新华区'], weight: 4 },
  { province: '河北省', city: '保定市', cityCode: '130600', areaCode: '0312', localDigits: 7, districts: ['竞秀区', '莲池区', '满城区'], weight: 2 },
  { province: '山东省', city: '济南市', cityCode: '370100', areaCode: '0531', localDigits: 8, districts: ['历下区', '市中区', '槐荫区', '天桥区'], weight: 4 },
  { province: '山东省', city: '青岛市', cityCode: '370200', areaCode: '0532', localDigits: 8, districts: ['市南区', '市北区', '崂山区', '黄岛区'], weight: 4 },
  { province: '山西省', city: '太原市', cityCode: '140100', areaCode: '0351', localDigits: 7, districts: ['小店区', '迎泽区', '杏花岭区'], weight: 2 },
  { province: '辽宁省', city: '沈阳市', cityCode: '210100', areaCode: '024', localDigits: 8, districts: ['和平区', '沈河区', '皇姑区', '铁西区'], weight: 3 },
  { province: '辽宁省', city: '大连市', cityCode: '210200', areaCode: '0411', localDigits: 8, districts: ['中山区', '西岗区', '沙河口区', '甘井子区'], weight: 3 },
  { province: '吉林省', city: '长春市', cityCode: '220100', areaCode: '0431', localDigits: 8, districts: ['朝阳区', '南关区', '宽城区'], weight: 2 },
  { province: '黑龙江省', city: '哈尔滨市', cityCode: '230100', areaCode: '0451', localDigits: 8, districts: ['南岗区', '道里区', '香坊区'], weight: 2 },
  { province: '内蒙古自治区', city: '呼和浩特市', cityCode: '150100', areaCode: '0471', localDigits: 7, districts: ['新城区', '回民区', '赛罕区'], weight: 1 },
  { province: '河南省', city: '郑州市', cityCode: '410100', areaCode: '0371', localDigits: 8, districts: ['金水区', '二七区', '中原区', '管城回族区'], weight: 3 },
  { province: '广东省', city: '广州市', cityCode: '440100', areaCode: '020', localDigits: 8, districts: ['天河区', '越秀区', '海珠区', '白云区', '番禺区'], weight: 12 },
  { province: '广东省', city: '深圳市', cityCode: '440300', areaCode: '0755', localDigits: 8, districts: ['福田区', '南山区', '罗湖区', '宝安区', '龙岗区'], weight: 10 },
  { province: '广东省', city: '佛山市', cityCode: '440600', areaCode: '0757', localDigits: 8, districts: ['禅城区', '南海区', '顺德区'], weight: 4 },
  { province: '广东省', city: '东莞市', cityCode: '441900', areaCode: '0769', localDigits: 8, districts: ['南城街道', '东城街道', '莞城街道', '长安镇'], weight: 4 },
  { province: '广西壮族自治区', city: '南宁市', cityCode: '450100', areaCode: '0771', localDigits: 7, districts: ['青秀区', '兴宁区', '西乡塘区'], weight: 2 },
  { province: '福建省', city: '福州市', cityCode: '350100', areaCode: '0591', localDigits: 8, districts: ['鼓楼区', '台江区', '仓山区'], weight: 3 },
  { province: '福建省', city: '厦门市', cityCode: '350200', areaCode: '0592', localDigits: 7, districts: ['思明区', '湖里区', '集美区'], weight: 3 },
  { province: '海南省', city: '海口市', cityCode: '460100', areaCode: '0898', localDigits: 8, districts: ['龙华区', '美兰区', '秀英区'], weight: 1 },
  { province: '湖南省', city: '长沙市', cityCode: '430100', areaCode: '0731', localDigits: 8, districts: ['芙蓉区', '天心区', '岳麓区', '开福区'], weight: 4 },
  { province: '江西省', city: '南昌市', cityCode: '360100', areaCode: '0791', localDigits: 8, districts: ['东湖区', '西湖区', '青山湖区'], weight: 2 },
];

export const STREETS: readonly string[] = [
  '建国路', '人民路', '解放路', '中山路', '和平路', '长江路', '新华街', '文化路', '胜利街', '光明路',
  '幸福路', '青年路', '东风路', '工业大道', '学院路', '滨河路', '花园街', '建设大街', '朝阳路', '迎宾大道',
];

export const HOUSING_ESTATES: readonly string[] = [
  '阳光花园', '金色家园', '翠苑小区', '万科城', '碧桂园', '华润城', '锦绣江南', '世纪新城', '海景湾', '绿地公馆',
];
