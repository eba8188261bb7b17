module libtcss/tests/peers/go

go 1.26.8

require github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common v1.3.213
