import { ComplaintList, ComplaintListQuery, ComplaintRateQuery, ComplaintRateReport, NoteList, NoteListQuery } from '../../shared/api/rest.js';
import { Complaint, NewComplaint } from '../../shared/domain/complaint.js';
import { NewNote, Note } from '../../shared/domain/note.js';
import { complaintDetail, complaintRateReport, createComplaint, listComplaints } from '../complaints/complaints.js';
import { agentRoute } from '../http/route.js';
import { createNote, listNotes } from '../notes/notes.js';
import { ApiFailure } from '../http/apiFailure.js';
import { figuresScopeOf } from '../scope/agentScope.js';
import { resourceRoutes } from './scopedRoutes.js';

const complaintRateRoute = agentRoute({
  method: 'GET',
  url: '/complaints/rate',
  summary:
    'Complaint rate: complaints per 1,000 orders (received / made in [from, to)) by branch, outlet or technician, highest first (orders name no technician yet: ' +
    "technicians' rate is null). Supervisors and the parts desk: their branch; headquarters: every branch; agents: 403",
  errors: [403],
  query: ComplaintRateQuery,
  response: ComplaintRateReport,
  handler: ({ caller, query }, { db }) => {
    const scope = figuresScopeOf(caller);
    if (!scope) throw new ApiFailure(403, 'forbidden', 'only a supervisor, the parts desk or headquarters reads the complaint rate');
    return complaintRateReport(db, scope, query);
  },
});

export const complaintRoutes = resourceRoutes({
  url: '/complaints',
  list: {
    summary: "The complaints in the agent's scope, newest first; filter by customerId, status or escalation; page with cursor and limit",
    query: ComplaintListQuery,
    response: ComplaintList,
    list: listComplaints,
  },
  collection: [complaintRateRoute],
  detail: { summary: 'One complaint', response: Complaint, read: complaintDetail },
  create: {
    summary: "Take a complaint from a customer of the agent's branch; its deadlines follow its severity (400 for a promised time in the past)",
    errors: [],
    body: NewComplaint,
    response: Complaint,
    write: createComplaint,
  },
});

export const noteRoutes = resourceRoutes({
  url: '/notes',
  list: {
    summary: "The notes in the agent's scope, newest first; filter by customerId or orderId, find words with query; page with cursor and limit",
    query: NoteListQuery,
    response: NoteList,
    list: listNotes,
  },
  create: {
    summary: "Write a note on a customer or an order of the agent's branch (append-only: notes are never changed or deleted)",
    errors: [404],
    body: NewNote,
    response: Note,
    write: createNote,
  },
});
