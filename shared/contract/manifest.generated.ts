// Generated from shared/contract by `npm run contract:manifest`; do not edit. A unit test fails
// when it no longer matches the contract.
import type { ContractManifest } from './manifest';

export const contractManifest: ContractManifest = {
  "system": {
    "invoke": {
      "getInfo": {},
      "ping": {
        "message": {
          "required": true,
          "maxLength": 200
        }
      },
      "setLocale": {},
      "setBadgeCount": {}
    },
    "events": {
      "open": true,
      "notification": true
    }
  },
  "connectivity": {
    "invoke": {
      "getStatus": {},
      "checkNow": {}
    },
    "events": {
      "statusChanged": true
    }
  },
  "account": {
    "invoke": {
      "getState": {},
      "signIn": {
        "server": {
          "required": true,
          "maxLength": 500
        },
        "username": {
          "required": true,
          "maxLength": 64
        },
        "password": {
          "required": true,
          "maxLength": 256
        }
      },
      "signOut": {}
    },
    "events": {
      "stateChanged": true
    }
  },
  "sync": {
    "invoke": {
      "getStatus": {},
      "listItems": {},
      "retry": {
        "id": {
          "required": true,
          "maxLength": 100
        }
      },
      "discard": {
        "id": {
          "required": true,
          "maxLength": 100
        }
      }
    },
    "events": {
      "statusChanged": true
    }
  },
  "presence": {
    "invoke": {
      "getMine": {},
      "setMine": {
        "statusText": {
          "required": false,
          "maxLength": 200
        },
        "statusExpiresAt": {
          "required": false
        }
      },
      "team": {},
      "reportActivity": {}
    },
    "events": {
      "mineChanged": true,
      "teamChanged": true
    }
  },
  "settings": {
    "invoke": {
      "get": {},
      "set": {},
      "installUpdate": {}
    },
    "events": {
      "changed": true
    }
  },
  "tickets": {
    "invoke": {
      "list": {},
      "get": {
        "id": {
          "required": true,
          "maxLength": 100
        }
      },
      "search": {
        "query": {
          "required": false,
          "maxLength": 200
        }
      },
      "act": {
        "id": {
          "required": true,
          "maxLength": 100
        }
      },
      "retry": {
        "id": {
          "required": true,
          "maxLength": 100
        },
        "itemId": {
          "required": true,
          "maxLength": 100
        }
      },
      "discard": {
        "id": {
          "required": true,
          "maxLength": 100
        },
        "itemId": {
          "required": true,
          "maxLength": 100
        }
      },
      "create": {
        "title": {
          "required": true,
          "maxLength": 200
        },
        "description": {
          "required": false,
          "maxLength": 20000
        },
        "requester": {
          "required": true,
          "maxLength": 200
        },
        "teamId": {
          "required": false,
          "maxLength": 64
        },
        "assigneeId": {
          "required": false,
          "maxLength": 64
        }
      },
      "assign": {
        "id": {
          "required": true,
          "maxLength": 100
        },
        "assigneeId": {
          "required": true,
          "maxLength": 100
        }
      },
      "audit": {
        "id": {
          "required": true,
          "maxLength": 100
        }
      },
      "escalationTeams": {},
      "listViews": {},
      "saveView": {
        "name": {
          "required": true,
          "maxLength": 60
        }
      },
      "deleteView": {
        "name": {
          "required": true,
          "maxLength": 60
        }
      }
    },
    "events": {
      "rowsChanged": true,
      "detailChanged": true,
      "reset": true,
      "creatingChanged": true
    }
  },
  "session": {
    "invoke": {
      "getState": {},
      "start": {},
      "pause": {},
      "resume": {},
      "takeBreak": {},
      "switchTicket": {
        "ticketId": {
          "required": true,
          "maxLength": 64
        }
      },
      "stop": {},
      "stillWorking": {},
      "answerGap": {},
      "getSummary": {},
      "saveNotes": {
        "date": {
          "required": false
        },
        "notes": {
          "required": false,
          "maxLength": 20000
        }
      },
      "sendSummary": {
        "date": {
          "required": false
        },
        "notes": {
          "required": false,
          "maxLength": 20000
        }
      },
      "getTeam": {},
      "acknowledgeSummary": {
        "summaryId": {
          "required": true,
          "maxLength": 64
        },
        "reply": {
          "required": false,
          "maxLength": 2000
        }
      },
      "getTeamWeek": {},
      "exportTeamCsv": {
        "from": {
          "required": false
        },
        "to": {
          "required": false
        }
      },
      "exportTeamSpreadsheet": {
        "from": {
          "required": false
        },
        "to": {
          "required": false
        }
      }
    },
    "events": {
      "changed": true,
      "summaryChanged": true,
      "teamChanged": true
    }
  },
  "chat": {
    "invoke": {
      "conversations": {},
      "messages": {
        "channelId": {
          "required": true,
          "maxLength": 140
        },
        "before": {
          "required": false,
          "maxLength": 300
        }
      },
      "pending": {},
      "send": {
        "channelId": {
          "required": true,
          "maxLength": 140
        },
        "body": {
          "required": true,
          "maxLength": 10000
        }
      },
      "markRead": {
        "channelId": {
          "required": true,
          "maxLength": 140
        }
      },
      "viewing": {
        "channelId": {
          "required": true,
          "maxLength": 140
        }
      },
      "retry": {
        "outboxId": {
          "required": true,
          "maxLength": 100
        }
      },
      "discard": {
        "outboxId": {
          "required": true,
          "maxLength": 100
        }
      }
    },
    "events": {
      "message": true,
      "conversationsChanged": true,
      "pendingChanged": true
    }
  },
  "admin": {
    "invoke": {
      "listAccounts": {},
      "createAccount": {
        "username": {
          "required": true,
          "maxLength": 64,
          "minLength": 2
        },
        "displayName": {
          "required": true,
          "maxLength": 120
        },
        "teamId": {
          "required": true,
          "maxLength": 64
        },
        "password": {
          "required": true,
          "maxLength": 256,
          "minLength": 10
        }
      },
      "updateAccount": {
        "id": {
          "required": true,
          "maxLength": 64
        }
      },
      "resetPassword": {
        "id": {
          "required": true,
          "maxLength": 64
        },
        "password": {
          "required": true,
          "maxLength": 256,
          "minLength": 10
        }
      },
      "createTeam": {
        "name": {
          "required": true,
          "maxLength": 120
        }
      }
    },
    "events": {}
  },
  "officeDays": {
    "invoke": {
      "weeks": {
        "from": {
          "required": false
        },
        "to": {
          "required": false
        }
      },
      "plan": {
        "floorId": {
          "required": true,
          "maxLength": 64
        },
        "day": {
          "required": false
        }
      },
      "book": {},
      "cancel": {
        "bookingId": {
          "required": true,
          "maxLength": 64
        }
      },
      "cancelRange": {},
      "setShareDesk": {},
      "proposeTeamDays": {
        "days": {
          "required": false
        }
      },
      "live": {},
      "answerRelease": {
        "bookingId": {
          "required": true,
          "maxLength": 64
        }
      },
      "checkOut": {
        "bookingId": {
          "required": true,
          "maxLength": 64
        }
      },
      "dismissPrompt": {},
      "dismissRefused": {
        "outboxId": {
          "required": true,
          "maxLength": 100
        }
      },
      "waitlist": {},
      "joinWaitlist": {},
      "leaveWaitlist": {
        "id": {
          "required": true,
          "maxLength": 64
        }
      }
    },
    "events": {
      "liveChanged": true,
      "changed": true,
      "offered": true
    }
  }
};
