import ServiceModel

/// The OpenAPI 3.1 document of the `/jobs` API, served at `/openapi.json` and rendered at `/docs`.
enum JobsAliasOpenAPI {
    private static let jobName: JSONValue = [
        "name": "name", "in": "path", "required": true,
        "schema": ["type": "string", "pattern": "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"],
    ]
    private static let jobSchema: JSONValue = ["$ref": "#/components/schemas/Job"]
    private static let errorResponse: JSONValue = [
        "description": "Error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
    ]

    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "sagetrain /jobs API",
            "version": "1.0.0",
            "description":
                "The simple REST API of the original project. Each call maps onto SageMaker's training-job operations, which the same server serves at POST / (AWS JSON 1.1).",
        ],
        "paths": [
            "/jobs": [
                "post": [
                    "summary": "Create a training job",
                    "requestBody": [
                        "required": true,
                        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/JobRequest"]]],
                    ],
                    "responses": [
                        "201": ["description": "Created", "content": ["application/json": ["schema": jobSchema]]],
                        "409": errorResponse,
                        "422": [
                            "description": "A field failed its check",
                            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/FieldErrors"]]],
                        ],
                    ],
                ],
                "get": [
                    "summary": "List training jobs, newest first",
                    "parameters": [
                        [
                            "name": "status", "in": "query", "required": false,
                            "schema": [
                                "type": "string", "enum": ["InProgress", "Completed", "Failed", "Stopping", "Stopped"],
                            ],
                        ]
                    ],
                    "responses": [
                        "200": [
                            "description": "The jobs",
                            "content": [
                                "application/json": [
                                    "schema": [
                                        "type": "object",
                                        "properties": ["jobs": ["type": "array", "items": jobSchema]],
                                    ]
                                ]
                            ],
                        ]
                    ],
                ],
            ],
            "/jobs/{name}": [
                "get": [
                    "summary": "Describe a training job",
                    "parameters": [jobName],
                    "responses": [
                        "200": ["description": "The job", "content": ["application/json": ["schema": jobSchema]]],
                        "404": errorResponse,
                    ],
                ],
                "delete": [
                    "summary": "Stop a training job (StopTrainingJob)",
                    "parameters": [jobName],
                    "responses": [
                        "202": ["description": "Stopping", "content": ["application/json": ["schema": jobSchema]]],
                        "404": errorResponse, "409": errorResponse,
                    ],
                ],
            ],
            "/jobs/{name}/logs": [
                "get": [
                    "summary": "The job's log lines, oldest first",
                    "parameters": [
                        jobName,
                        [
                            "name": "limit", "in": "query", "required": false,
                            "schema": ["type": "integer", "minimum": 1, "maximum": 10000],
                        ],
                    ],
                    "responses": ["200": ["description": "Log lines"], "404": errorResponse],
                ]
            ],
            "/healthz": ["get": ["summary": "Liveness", "responses": ["200": ["description": "Alive"]]]],
            "/readyz": ["get": ["summary": "Readiness", "responses": ["200": ["description": "Ready"]]]],
        ],
        "components": [
            "schemas": [
                "JobRequest": [
                    "type": "object",
                    "required": ["job_name"],
                    "additionalProperties": false,
                    "properties": [
                        "job_name": ["type": "string", "pattern": "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"],
                        "image": ["type": "string", "default": "trainer:latest"],
                        "epochs": ["type": "integer", "minimum": 1, "maximum": 1000, "default": 1],
                        "batch_size": ["type": "integer", "minimum": 1, "maximum": 65536, "default": 64],
                        "dataset_size": ["type": "integer", "minimum": 1],
                        "world_size": ["type": "integer", "minimum": 1, "maximum": 64, "default": 1],
                        "dataset_type": ["type": "string", "enum": ["mnist", "imagefolder"], "default": "mnist"],
                        "dataset_uri": [
                            "type": "string",
                            "description":
                                "the training channel: s3://bucket/prefix/, s3://bucket/dataset.zip (an imagefolder zip) or file:///path",
                        ],
                        "hyperparameters": [
                            "type": "object", "additionalProperties": ["type": ["string", "number"]],
                        ],
                    ],
                ],
                "Job": [
                    "type": "object",
                    "properties": [
                        "job_name": ["type": "string"], "arn": ["type": "string"], "image": ["type": "string"],
                        "status": ["type": "string"], "secondary_status": ["type": "string"],
                        "world_size": ["type": "integer"], "hyperparameters": ["type": "object"],
                        "created_at": ["type": "number"], "started_at": ["type": "number"],
                        "ended_at": ["type": "number"], "failure_reason": ["type": "string"],
                        "model_artifacts": ["type": "string"], "metrics": ["type": "object"],
                    ],
                ],
                "Error": ["type": "object", "properties": ["error": ["type": "string"]]],
                "FieldErrors": [
                    "type": "object",
                    "properties": [
                        "detail": [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": [
                                    "field": ["type": "string"], "reason": ["type": "string"],
                                    "loc": ["type": "array", "items": ["type": "string"]],
                                ],
                            ],
                        ]
                    ],
                ],
            ]
        ],
    ]
}
