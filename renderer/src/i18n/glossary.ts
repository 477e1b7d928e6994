/**
 * The words of the workstation, one Chinese and one English term per thing, so every screen and
 * message names it the same way. `tests/renderer/i18n.test.ts` fails when a Chinese text uses a
 * variant listed under `notZh` (座席 beside 坐席, 分部 beside 分公司, 主管 beside 班长…).
 * docs/glossary.md is this table for people.
 */
export interface GlossaryTerm {
  /** What the word means in the domain. */
  meaning: string;
  zh: string;
  en: string;
  /** Variants that must not appear in Chinese texts. */
  notZh: readonly string[];
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { meaning: 'the person at a seat who takes calls, and the seat itself', zh: '坐席', en: 'agent / seat', notZh: ['座席', '席位', '话务员'] },
  { meaning: 'a branch office with its agents', zh: '分公司', en: 'branch', notZh: ['分部', '分支机构'] },
  { meaning: 'the agent who leads a branch team', zh: '班长', en: 'supervisor', notZh: ['主管', '组长'] },
  { meaning: 'the central backend the seats sync with', zh: '总部后台', en: 'headquarters', notZh: ['服务器端', '总部服务器'] },
  { meaning: 'a service request and its life', zh: '工单', en: 'service order', notZh: ['订单', '服务单'] },
  { meaning: 'an authorised service outlet', zh: '网点', en: 'service outlet', notZh: ['服务站', '维修点'] },
  { meaning: 'the call back after an order was completed', zh: '回访', en: 'follow-up', notZh: ['复访', '回电访问'] },
  { meaning: 'spare parts', zh: '备件', en: 'spare parts', notZh: ['配件申请'] },
  { meaning: 'a change made at a seat not yet accepted by headquarters', zh: '待上传', en: 'waiting to upload', notZh: ['待同步的修改'] },
];
