#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_running-config/ast_ssh.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::SshPortRotary, port, groups)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::SshAlgorithm, type, names)
